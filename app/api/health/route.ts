import { json, publicRoute } from '@/lib/server/route';

export const GET = publicRoute(async ({ services }) => {
  const realtime = services.config.redisUrl ? 'redis' : 'memory';
  try {
    await services.database.ping();
    return json({ status: 'ok', db: 'ok', realtime });
  } catch {
    return json({ status: 'degraded', db: 'unavailable', realtime }, 503);
  }
});
