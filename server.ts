import { ConfigError, loadConfig } from './lib/config';
import { createLogger } from './lib/logger';
import { createCollabwire } from './lib/server/create-server';

async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config);
  // A stray rejection (a Redis publish during an outage, say) is logged; it must not take
  // down a process that is serving everyone else.
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  const app = await createCollabwire({ config, dev: config.env !== 'production', logger });
  const url = await app.listen();
  logger.info({ url, env: config.env }, `Collabwire ready on ${url}`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stop requested');
    const force = setTimeout(() => {
      logger.error('shutdown timed out');
      process.exit(1);
    }, 20_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  console.error('Collabwire failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
