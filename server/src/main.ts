import { createApp } from './app';
import { ConfigError, loadConfig } from './config';

/** The only file that listens: config -> app -> HTTP, and a graceful stop on SIGTERM/SIGINT. */
async function main() {
  const config = loadConfig();
  const app = await createApp(config);
  const url = await app.listen();
  app.http.log.info(`apo-data GraphQL API ready at ${url}`);
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      app.http.log.info(`${signal}: finishing requests in flight, then stopping`);
      app.close().then(() => process.exit(0), (err) => {
        app.http.log.error(err, 'error while stopping');
        process.exit(1);
      });
    });
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
