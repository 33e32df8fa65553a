import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = /^sha256=([0-9a-f]{64})$/i;

/**
 * True when `header` is Meta's HMAC-SHA256 of exactly these bytes. Meta signs the raw
 * body, so a re-serialised copy of the same JSON must fail. The comparison runs in
 * constant time so the signature cannot be guessed byte by byte from response times.
 */
export function verifyWebhookSignature(rawBody: Uint8Array, header: string | null | undefined, appSecret: string): boolean {
  const match = HEADER.exec(header?.trim() ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  // timingSafeEqual throws on different lengths; the regex already fixes it, this keeps it so.
  if (given.length !== expected.length) return false;
  return timingSafeEqual(given, expected);
}
