import { timingSafeEqual } from 'node:crypto';
import { parseBearer } from '@/lib/auth/identify';
import { AppError } from '@/lib/errors';
import { publicRoute } from '@/lib/server/route';

export const GET = publicRoute(async ({ req, services }) => {
  const required = services.config.metricsToken;
  if (required) {
    const given = Buffer.from(parseBearer(req.headers.get('authorization')) ?? '');
    const expected = Buffer.from(required);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError('unauthorized', 'Send the metrics token as a bearer token');
    }
  }
  const { registry } = services.metrics;
  return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
});
