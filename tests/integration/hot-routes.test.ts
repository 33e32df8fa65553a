import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signInWithCookie } from '../helpers/clients';
import { createPair, type Pair } from '../helpers/chat';
import { startTestServer, type TestServer } from '../helpers/test-server';

/*
 * The inbox, history pages and the unread count are answered by the custom server straight
 * from their route handlers (lib/server/hot-routes.ts); HEAD of the same URL still goes
 * through Next, which runs the same GET handler for it. The two must not be told apart.
 */

let server: TestServer;
let pair: Pair;

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function request(method: 'GET' | 'HEAD', path: string, headers: Record<string, string> = {}): Promise<Raw> {
  // node:http sends exactly these headers (fetch would add its own Accept-Encoding and Host).
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The headers a client could act on: without those of the connection and the moment. Of
 * Vary, Accept-Encoding: Next also names its router's request headers there, which only its
 * pages vary on.
 */
function meaningful(headers: http.IncomingHttpHeaders) {
  const volatile = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
  const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => !volatile.has(k)));
  const vary = String(headers.vary ?? '').split(/\s*,\s*/).filter((v) => !/^(rsc|next-router-[a-z-]+)$/i.test(v));
  return { ...kept, vary: vary.join(', ') };
}

beforeAll(async () => {
  server = await startTestServer();
  pair = await createPair(server);
  const brand = api(server.url, pair.brand.token);
  for (let i = 0; i < 12; i++) {
    const res = await brand.post('/api/chat/messages', { conversationId: pair.conversationId, content: `Message ${i}: the brief, the deliverables and the dates once more` });
    expect(res.status).toBe(201);
  }
});
afterAll(async () => {
  await server?.close();
});

describe('hot reads answered before Next', () => {
  const paths = () => [
    '/api/chat/conversations',
    '/api/chat/conversations?limit=1',
    `/api/chat/conversations/${pair.conversationId}/messages?limit=5`,
    '/api/chat/unread-count',
    // Errors too: a bad cursor, a conversation that is not the caller's, an id that is no id.
    '/api/chat/conversations?cursor=not-a-cursor',
    '/api/chat/conversations/00000000-0000-4000-8000-000000000000/messages',
    '/api/chat/conversations/%20/messages',
  ];

  it('give the status and headers Next gives the same request, security headers included', async () => {
    const auth = { authorization: `Bearer ${pair.influencer.token}` };
    const cookie = { cookie: await signInWithCookie(server.url, pair.influencer.email, pair.influencer.password) };
    for (const path of paths()) {
      for (const headers of [auth, cookie, {}]) {
        const hot = await request('GET', path, headers);
        const viaNext = await request('HEAD', path, headers);
        expect({ path, status: hot.status }).toEqual({ path, status: viaNext.status });
        expect(meaningful(hot.headers)).toEqual(meaningful(viaNext.headers));
        // Answered whole by the server itself: Next streams a route handler's body in chunks.
        expect(hot.headers['content-length']).toBe(String(hot.body.length));
        expect(hot.headers['transfer-encoding']).toBeUndefined();
      }
    }
    const inbox = await request('GET', '/api/chat/conversations', auth);
    expect(inbox.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(inbox.headers['x-content-type-options']).toBe('nosniff');
    expect(inbox.headers['strict-transport-security']).toContain('max-age=');
  });

  it('answer with the route handlers own bodies: the contract shapes and error codes', async () => {
    const auth = { authorization: `Bearer ${pair.influencer.token}` };
    const page = await request('GET', `/api/chat/conversations/${pair.conversationId}/messages?limit=5`, auth);
    expect(page.status).toBe(200);
    const body = JSON.parse(page.body.toString()) as { messages: { content: string }[]; hasMore: boolean };
    expect(body.messages.map((m) => m.content)).toEqual([7, 8, 9, 10, 11].map((i) => `Message ${i}: the brief, the deliverables and the dates once more`));
    expect(body.hasMore).toBe(true);
    const unread = JSON.parse((await request('GET', '/api/chat/unread-count', auth)).body.toString()) as { total: number };
    expect(unread.total).toBe(12);
    const stranger = await request('GET', '/api/chat/conversations/00000000-0000-4000-8000-000000000000/messages', auth);
    expect(stranger.status).toBe(403);
    expect(JSON.parse(stranger.body.toString())).toMatchObject({ error: { code: 'forbidden' } });
    const anonymous = await request('GET', '/api/chat/unread-count');
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body.toString())).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('gzip a body of 1 kB or more for a client that accepts it, and only then', async () => {
    const path = `/api/chat/conversations/${pair.conversationId}/messages`;
    const auth = { authorization: `Bearer ${pair.brand.token}` };
    const plain = await request('GET', path, auth);
    expect(plain.body.length).toBeGreaterThan(1024);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await request('GET', path, { ...auth, 'accept-encoding': 'gzip, deflate, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.body.length).toBeLessThan(plain.body.length);
    expect(JSON.parse(gunzipSync(zipped.body).toString())).toEqual(JSON.parse(plain.body.toString()));
    // A client that refuses gzip gets none.
    for (const refusal of ['gzip;q=0', 'identity', 'br', 'gzip;q=0, *;q=1']) {
      const res = await request('GET', path, { ...auth, 'accept-encoding': refusal });
      expect({ refusal, encoding: res.headers['content-encoding'] }).toEqual({ refusal, encoding: undefined });
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    // Small answers go as they are (where Next would gzip a dozen bytes into more).
    const small = await request('GET', '/api/chat/unread-count', { ...auth, 'accept-encoding': 'gzip' });
    expect(small.headers['content-encoding']).toBeUndefined();
  });

  it('read the path from the request line whatever the Host header says, as Next does', async () => {
    const auth = { authorization: `Bearer ${pair.brand.token}` };
    for (const host of ['a b', '[', 'a:99999', 'x#', 'x?limit=1&', '']) {
      const res = await request('GET', '/api/chat/conversations?limit=5', { ...auth, host });
      expect({ host, status: res.status }).toEqual({ host, status: 200 });
      const body = JSON.parse(res.body.toString()) as { conversations: unknown[]; nextCursor: string | null };
      // The query survives: a page (with its nextCursor key), not the whole listing.
      expect(body).toHaveProperty('nextCursor');
      expect(body.conversations).toHaveLength(1);
    }
  });

  it('leave a dot segment to Next, which resolves it to another path first', async () => {
    const auth = { authorization: `Bearer ${pair.brand.token}` };
    const hot = await request('GET', '/api/chat/conversations/../messages', auth);
    const viaNext = await request('HEAD', '/api/chat/conversations/../messages', auth);
    expect(hot.status).toBe(viaNext.status);
    // Taken as a conversation id it would be a 400.
    expect(hot.status).not.toBe(400);
  });
});
