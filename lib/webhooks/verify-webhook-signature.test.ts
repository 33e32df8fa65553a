import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody } from './sign-webhook-body';
import { verifyWebhookSignature } from './verify-webhook-signature';

const body = Buffer.from('{"object":"instagram","entry":[]}');
const hex = createHmac('sha256', 'secret').update(body).digest('hex');

describe('[WEBHOOKS] X-Hub-Signature-256', () => {
  it('accepts Meta’s signature of the exact bytes, in either hex case', () => {
    expect(verifyWebhookSignature(body, `sha256=${hex}`, 'secret')).toBe(true);
    expect(verifyWebhookSignature(body, `sha256=${hex.toUpperCase()}`, 'secret')).toBe(true);
    expect(signWebhookBody(body, 'secret')).toBe(`sha256=${hex}`);
  });

  it('refuses other secrets, other bytes and malformed or missing headers without throwing', () => {
    for (const header of [null, undefined, '', hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${'g'.repeat(64)}`]) {
      expect(verifyWebhookSignature(body, header, 'secret')).toBe(false);
    }
    expect(verifyWebhookSignature(body, `sha256=${hex}`, 'other')).toBe(false);
    expect(verifyWebhookSignature(Buffer.from('{"object": "instagram","entry":[]}'), `sha256=${hex}`, 'secret')).toBe(false);
  });
});
