import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { commentPayload, postWebhook } from '../helpers/webhooks';

let server: TestServer;
beforeAll(async () => {
  // Neither INSTAGRAM_APP_SECRET nor INSTAGRAM_WEBHOOK_VERIFY_TOKEN is set.
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('[WEBHOOKS] without Instagram configuration', () => {
  it('answers deliveries 503 unavailable whatever their signature', async () => {
    const body = commentPayload('17841400000000001', '17900000000000009');
    for (const options of [{}, { signature: null }, { secret: '' }]) {
      const res = await postWebhook(server.url, body, options);
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
    }
  });

  it('answers the verification handshake 503 unavailable', async () => {
    const res = await fetch(`${server.url}/api/webhooks/instagram?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`);
    expect(res.status).toBe(503);
  });
});
