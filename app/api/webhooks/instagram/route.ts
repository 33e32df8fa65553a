import { AppError } from '@/lib/errors';
import { json, publicRoute } from '@/lib/server/route';
import { readLimitedBody } from '@/lib/server/read-limited-body';
import { receiveInstagramWebhook } from '@/lib/webhooks/receive-instagram-webhook';
import { verifySubscription } from '@/lib/webhooks/verify-subscription';

/** Meta's deliveries are a few kilobytes; anything this large is not from Meta. */
const MAX_WEBHOOK_BYTES = 1_000_000;

export const GET = publicRoute(async ({ req, services }) => {
  const challenge = verifySubscription(new URL(req.url).searchParams, services.config.instagram.verifyToken);
  return new Response(challenge, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
});

export const POST = publicRoute(async ({ req, services }) => {
  const appSecret = services.config.instagram.appSecret;
  if (!appSecret) throw new AppError('unavailable', 'Instagram webhooks are not configured');
  const rawBody = await readLimitedBody(req, MAX_WEBHOOK_BYTES, `Body exceeds ${MAX_WEBHOOK_BYTES} bytes`);
  const result = await receiveInstagramWebhook(services.db, services.publisher, {
    rawBody,
    signature: req.headers.get('x-hub-signature-256'),
    appSecret,
  });
  const { webhookEvents } = services.metrics;
  webhookEvents.inc({ outcome: 'stored' }, result.stored);
  webhookEvents.inc({ outcome: 'duplicate' }, result.received - result.stored);
  webhookEvents.inc({ outcome: 'delivered' }, result.delivered);
  return json({ ok: true, ...result });
});
