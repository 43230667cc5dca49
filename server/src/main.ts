import { createApp, type App } from './app';
import { loadConfig, type AppConfig } from './config';
import { createLogger, type Logger } from './logger';
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
  stopOnSignals(app, log, config.shutdownTimeoutMs);
  // A promise a request left unawaited must not end every other request in flight: logged as the bug it is.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled promise rejection (a bug): the service keeps running'));
}

/**
 * SIGTERM or SIGINT: take no new requests, let those in flight finish (also those whose client has gone), close
 * the database, exit 0. A second signal, or requests still running after `deadlineMs`, exit 1 at once, saying so.
 */
function stopOnSignals(app: App, log: Logger, deadlineMs: number) {
  let stopping: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.error(`${signal} while stopping after ${stopping}: exiting now, with ${app.requestsInFlight()} request(s) unfinished`);
      process.exit(1);
    }
    stopping = signal;
    log.info(`${signal}: taking no new requests; finishing the ${app.requestsInFlight()} in flight, then closing the database`);
    setTimeout(() => {
      log.error(`${app.requestsInFlight()} request(s) still running ${deadlineMs} ms after ${signal} (APO_DATA_SHUTDOWN_TIMEOUT_MS): exiting without them`);
      process.exit(1);
    }, deadlineMs).unref();
    app.close().then(
      () => {
        log.info('stopped: every request finished and the database closed');
        process.exit(0);
      },
      (err: unknown) => {
        log.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, onSignal);
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
