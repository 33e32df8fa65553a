import { json, publicRoute } from '@/lib/server/route';

export const GET = publicRoute(async ({ services }) => {
  const realtime = services.config.redisUrl ? 'redis' : 'memory';
  // Without Redis this process still serves its own sockets: degraded, not down.
  const redis = services.redisReady ? { redis: services.redisReady() ? 'ok' : 'unavailable' } : {};
  try {
    await services.database.ping();
    const degraded = 'redis' in redis && redis.redis !== 'ok';
    return json({ status: degraded ? 'degraded' : 'ok', db: 'ok', realtime, ...redis });
  } catch {
    return json({ status: 'degraded', db: 'unavailable', realtime, ...redis }, 503);
  }
});
