import type { Db } from '../../db';
import { AppError } from '../errors';
import type { Publisher } from '../realtime/publisher';
import { normalizeInstagramPayload } from './normalize-instagram-payload';
import { publishInstagramDeliveries } from './publish-instagram-deliveries';
import { recordInstagramEvents } from './record-instagram-events';
import { verifyWebhookSignature } from './verify-webhook-signature';

export type ReceiveInstagramWebhookInput = {
  rawBody: Uint8Array;
  signature: string | null;
  appSecret: string | undefined;
};

/** How much of a delivery was new. */
export type ReceiveResult = { received: number; stored: number; delivered: number };

/**
 * One signed delivery from Meta: verify the signature over the raw bytes, normalise,
 * store once, then push to the owners. Everything is committed before the caller answers,
 * so a crash after the answer loses nothing Meta will not resend; pushing is in-memory.
 */
export async function receiveInstagramWebhook(
  db: Db,
  publisher: Publisher,
  input: ReceiveInstagramWebhookInput,
): Promise<ReceiveResult> {
  if (!input.appSecret) throw new AppError('unavailable', 'Instagram webhooks are not configured');
  if (!verifyWebhookSignature(input.rawBody, input.signature, input.appSecret)) {
    throw new AppError('unauthorized', 'Missing or invalid X-Hub-Signature-256');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(input.rawBody).toString('utf8'));
  } catch {
    throw new AppError('invalid_input', 'Request body is not valid JSON');
  }
  const events = normalizeInstagramPayload(payload);
  const deliveries = await recordInstagramEvents(db, events);
  publishInstagramDeliveries(publisher, deliveries);
  return { received: events.length, stored: deliveries.length, delivered: deliveries.filter((d) => d.ownerId).length };
}
