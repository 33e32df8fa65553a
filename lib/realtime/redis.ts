import Redis from 'ioredis';
import type { Logger } from '../logger';

export type RedisClients = {
  /** Prepended to every key and channel. */
  prefix: string;
  /** Commands (presence, rate limits) and publishing. */
  cmd: Redis;
  /** The adapter's subscriber and publisher. */
  adapterPub: Redis;
  adapterSub: Redis;
  /** /ws/notifications pushes between processes. */
  pushSub: Redis;
  isReady(): boolean;
  close(): Promise<void>;
};

/**
 * The Redis connections of one process. They reconnect on their own with backoff; a
 * command waiting through an outage fails after a few attempts instead of piling up.
 */
export function createRedisClients(url: string, prefix: string, logger: Logger): RedisClients {
  const make = (name: string) => {
    const client = new Redis(url, {
      connectionName: `collabwire:${name}`,
      maxRetriesPerRequest: 2,
      retryStrategy: (attempt) => Math.min(2000, 100 * 2 ** Math.min(attempt, 5)),
    });
    let down = false;
    client.on('error', (err: Error) => {
      if (!down) logger.warn({ err: err.message, client: name }, 'redis unavailable');
      down = true;
    });
    client.on('ready', () => {
      if (down) logger.info({ client: name }, 'redis back');
      down = false;
    });
    return client;
  };
  const cmd = make('cmd');
  const adapterPub = make('adapter-pub');
  const adapterSub = make('adapter-sub');
  const pushSub = make('push-sub');
  const all = [cmd, adapterPub, adapterSub, pushSub];
  return {
    prefix,
    cmd,
    adapterPub,
    adapterSub,
    pushSub,
    isReady: () => all.every((c) => c.status === 'ready'),
    close: async () => {
      await Promise.all(all.map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
