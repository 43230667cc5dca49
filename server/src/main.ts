import { createApp } from './app';
import { loadConfig, type AppConfig } from './config';
import { createLogger } from './logger';
import { describeStartupError } from './startup-error';

/** The only file that listens: config -> app -> HTTP, and a graceful stop on SIGTERM/SIGINT. */
async function main(config: AppConfig) {
  const log = createLogger(config.logLevel);
  const app = await createApp(config, { logger: log }).catch((err: unknown) => {
    log.debug({ err }, 'start-up failed');
    throw err;
  });
  const url = await app.listen().catch(async (err: unknown) => {
    await app.orm.close();
    throw err;
  });
  log.info(`apo-data GraphQL API ready at ${url}`);
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: finishing requests in flight, then stopping`);
      app.close().then(() => process.exit(0), (err) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      });
    });
  }
}

/** A failure to start is one line on stderr, saying what is wrong and what to do, and exit code 1. */
function fail(err: unknown, config: AppConfig | null): never {
  process.stderr.write(`apo-data: cannot start: ${describeStartupError(err, config)}\n`);
  process.exit(1);
}

let config: AppConfig | null = null;
try {
  config = loadConfig();
} catch (err) {
  fail(err, null);
}
main(config).catch((err: unknown) => fail(err, config));
