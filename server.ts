import v8 from 'node:v8';
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
  // Full collections of a heap that carries Next (~80 MB live) pause the event loop for
  // 5–11 ms after 30–40 ms of incremental marking. Left to V8, the old generation may grow only
  // ~15% before the next one: every ~2 s at 2,000 msg/s, which made most of the chat's p99.
  // Growing it 3× as far spaces them out (p99 at 2,000 msg/s on Postgres: 30–37 → 8–15 ms in
  // interleaved benchmark runs) at the cost of a larger heap under load; idle memory is alike.
  if (config.gcHeapGrowthPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.gcHeapGrowthPercent}`);
  // V8 moves an allocation site whose objects often outlive a young collection to allocating
  // straight into the old generation. Here that caught the send path's per-message objects
  // (parsed payloads, packets, statement parameters), which die within milliseconds: under
  // load the old generation then filled with them at ~4.5 MB/s, a full collection every
  // ~25 s, and scavenges slowed by the old-to-young references. Without it (the same sweep on
  // Postgres, interleaved runs): ~85 KB promoted per scavenge against ~455, scavenges
  // 2.9 ms against 3.9 (median), no full collection in the sweep.
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
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
