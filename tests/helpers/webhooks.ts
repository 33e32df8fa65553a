import { createHmac } from 'node:crypto';

/** The app secret the webhook suites start their servers with. */
export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_VERIFY_TOKEN = 'test-verify-token';

/** Computed here rather than with the app's own helper, so a wrong implementation cannot agree with itself. */
export function hubSignature(body: string | Buffer, secret = TEST_APP_SECRET): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export type WebhookResponse = { status: number; body: any };

/** POSTs `body` (an object is serialised once; a string or Buffer is sent byte for byte) to the webhook. */
export async function postWebhook(
  baseUrl: string,
  body: unknown,
  options: { secret?: string; signature?: string | null; headers?: Record<string, string> } = {},
): Promise<WebhookResponse> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? hubSignature(raw, options.secret) : options.signature;
  const res = await fetch(`${baseUrl}/api/webhooks/instagram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}), ...options.headers },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // keep the text
  }
  return { status: res.status, body: parsed };
}

let counter = 0;
/** A unique Meta-looking numeric id. */
export const metaId = () => `1784${Date.now().toString().slice(-9)}${String(++counter).padStart(4, '0')}`;

/** Meta's body for one comment on `accountId`'s media. */
export function commentPayload(accountId: string, id: string, text = 'Love this!', field: 'comments' | 'live_comments' = 'comments') {
  return {
    object: 'instagram',
    entry: [
      {
        id: accountId,
        time: 1_760_000_000,
        changes: [
          {
            field,
            value: {
              from: { id: '9988776655', username: 'fan.account' },
              media: { id: '17900000000000001', media_product_type: field === 'live_comments' ? 'LIVE' : 'FEED' },
              id,
              text,
            },
          },
        ],
      },
    ],
  };
}

/** Meta's body for a mention of `accountId` in a comment. */
export function mentionPayload(accountId: string, commentId: string) {
  return {
    object: 'instagram',
    entry: [{ id: accountId, time: 1_760_000_001, changes: [{ field: 'mentions', value: { comment_id: commentId, media_id: '17900000000000002' } }] }],
  };
}

/** Meta's body for one direct message to `accountId`. */
export function messagePayload(accountId: string, mid: string, text = 'Hi there') {
  return {
    object: 'instagram',
    entry: [
      {
        id: accountId,
        time: 1_760_000_002_000,
        messaging: [{ sender: { id: '5544332211' }, recipient: { id: accountId }, timestamp: 1_760_000_002_123, message: { mid, text } }],
      },
    ],
  };
}
