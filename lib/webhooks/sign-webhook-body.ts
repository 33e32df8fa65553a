import { createHmac } from 'node:crypto';

/** The `X-Hub-Signature-256` value Meta sends for `body`: `sha256=<hex HMAC-SHA256>`. */
export function signWebhookBody(body: string | Uint8Array, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}
