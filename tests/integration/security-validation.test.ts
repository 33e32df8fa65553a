import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat, nextEvent, type ChatClient } from '../helpers/clients';
import { createPair, sleep, type Pair } from '../helpers/chat';
import { sendRequest } from '../helpers/requests';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Walks every REST endpoint and every /chat event with malformed input and asserts the
 * contract's status and code: a client mistake is a 4xx with a code, never a 500.
 */

let server: TestServer;
let pair: Pair;
let requestId: string;
const open: ChatClient[] = [];

beforeAll(async () => {
  server = await startTestServer({
    RATE_LIMIT_MESSAGES_PER_SEC: '1000',
    RATE_LIMIT_MESSAGES_BURST: '1000',
    RATE_LIMIT_SEARCHES_BURST: '1000',
    RATE_LIMIT_EVENTS_BURST: '1000',
    RATE_LIMIT_REQUESTS_BURST: '1000',
    INSTAGRAM_APP_SECRET: 'validation-secret',
    INSTAGRAM_WEBHOOK_VERIFY_TOKEN: 'validation-token',
  });
  pair = await createPair(server);
  requestId = (await sendRequest(server, pair.brand, pair.influencer)).id;
});
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
});
afterAll(async () => {
  await server?.close();
});

const HUGE = 'x'.repeat(100_000);
const OVERSIZED_BODY = JSON.stringify({ content: 'y'.repeat(1_100_000) });

/** Bodies no endpoint accepts: broken JSON, wrong top-level types, arrays for objects. */
const GENERIC_BAD_BODIES = ['{', '{"a":', 'not json', '[]', '[{}]', '"a string"', '42', 'null', 'true', '['.repeat(50_000)];

type Call = { method: string; path: string; body?: string; status: number; code: string };

async function call(token: string | undefined, c: Omit<Call, 'status' | 'code'>) {
  const res = await fetch(`${server.url}${c.path}`, {
    method: c.method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: c.body,
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text: the assertion below shows it
  }
  return { status: res.status, body, headers: res.headers };
}

async function expectAll(token: string | undefined, calls: Call[]) {
  const failures: string[] = [];
  for (const c of calls) {
    const res = await call(token, c);
    if (res.status !== c.status || res.body?.error?.code !== c.code) {
      failures.push(`${c.method} ${c.path} ${String(c.body).slice(0, 60)} → ${res.status} ${JSON.stringify(res.body).slice(0, 120)} (wanted ${c.status} ${c.code})`);
    }
  }
  expect(failures).toEqual([]);
}

function bodies(method: string, path: string, specific: unknown[]): Call[] {
  return [
    ...GENERIC_BAD_BODIES.map((body) => ({ method, path, body, status: 400, code: 'invalid_input' })),
    ...specific.map((b) => ({ method, path, body: JSON.stringify(b), status: 400, code: 'invalid_input' })),
    { method, path, body: OVERSIZED_BODY, status: 413, code: 'payload_too_large' },
  ];
}

describe('[VALIDATION] REST bodies', () => {
  it('register and token refuse malformed bodies with 400 invalid_input and oversized ones with 413', async () => {
    await expectAll(undefined, [
      ...bodies('POST', '/api/auth/register', [
        {},
        { email: 'a@b.io', password: 'longenough', name: 'N' },
        { email: 42, password: 'longenough', name: 'N', role: 'brand' },
        { email: 'not-an-email', password: 'longenough', name: 'N', role: 'brand' },
        { email: 'a@b.io', password: 'short', name: 'N', role: 'brand' },
        { email: 'a@b.io', password: 'longenough', name: HUGE, role: 'brand' },
        { email: 'a@b.io', password: 'longenough', name: 'N', role: 'admin' },
        { email: 'a@b.io', password: ['longenough'], name: 'N', role: 'brand' },
        { email: 'a@b.io', password: 'longenough', name: 'N', role: 'brand', handle: '<script>' },
        { email: `${HUGE}@b.io`, password: 'longenough', name: 'N', role: 'brand' },
      ]),
      ...bodies('POST', '/api/auth/token', [{}, { email: 'a@b.io' }, { email: 'a@b.io', password: 7 }, { email: 'a@b.io', password: HUGE }, { email: [], password: 'x' }]),
    ]);
  });

  it('requests refuse malformed bodies, wrong types, huge strings and non-UUID ids', async () => {
    const valid = { influencerId: pair.influencer.user.id, title: 'T', brief: 'B', budget: { amount: 100, currency: 'EUR' } };
    await expectAll(pair.brand.token, [
      ...bodies('POST', '/api/requests', [
        {},
        { ...valid, influencerId: 'not-a-uuid' },
        { ...valid, influencerId: 12 },
        { ...valid, title: HUGE },
        { ...valid, brief: HUGE },
        { ...valid, title: ['T'] },
        { ...valid, budget: [100, 'EUR'] },
        { ...valid, budget: { amount: '100', currency: 'EUR' } },
        { ...valid, budget: { amount: 1.5, currency: 'EUR' } },
        { ...valid, budget: { amount: -1, currency: 'EUR' } },
        { ...valid, budget: { amount: 100, currency: 'euro' } },
        { ...valid, deadline: 'tomorrow' },
        { ...valid, deadline: '2001-01-01' },
        { ...valid, deliverables: 'all of them' },
        { ...valid, deliverables: Array.from({ length: 100 }, () => 'd') },
      ]),
    ]);
    await expectAll(pair.influencer.token, [
      ...bodies('POST', `/api/requests/${requestId}/counter`, [{}, { budget: 5 }, { budget: { amount: 'x', currency: 'EUR' } }, { budget: { amount: 1, currency: 'EUR' }, note: HUGE }]),
      ...['accept', 'reject'].flatMap((a) =>
        [...GENERIC_BAD_BODIES.filter((b) => b !== 'null'), JSON.stringify({ note: HUGE }), JSON.stringify({ note: 5 })].map((body) => ({
          method: 'POST',
          path: `/api/requests/${requestId}/${a}`,
          body,
          status: 400,
          code: 'invalid_input',
        })),
      ),
    ]);
    await expectAll(pair.brand.token, [{ method: 'POST', path: `/api/requests/${requestId}/withdraw`, body: '[]', status: 400, code: 'invalid_input' }]);
    // A request id that is not a UUID names no request.
    await expectAll(pair.brand.token, [
      { method: 'GET', path: '/api/requests/not-a-uuid', status: 404, code: 'not_found' },
      { method: 'GET', path: `/api/requests/${'9'.repeat(5000)}`, status: 404, code: 'not_found' },
      { method: 'POST', path: "/api/requests/1'%20or%201=1--/withdraw", body: '{}', status: 404, code: 'not_found' },
    ]);
  });

  it('chat refuses malformed bodies, queries and non-UUID ids', async () => {
    const { conversationId } = pair;
    await expectAll(pair.brand.token, [
      ...bodies('POST', '/api/chat/messages', [
        {},
        { conversationId },
        { conversationId, content: 42 },
        { conversationId, content: '   ' },
        { conversationId, content: 'x'.repeat(4001) },
        { conversationId, content: HUGE },
        { conversationId: 'nope', content: 'hi' },
        { conversationId: [conversationId], content: 'hi' },
        { conversationId, content: 'hi', messageType: 'system' },
        { conversationId, content: 'hi', tempId: 'x'.repeat(65) },
        { conversationId, content: 'hi', tempId: 5 },
        { conversationId, content: 'hi', attachmentId: 'nope' },
      ]),
      ...bodies('POST', '/api/chat/conversations', [{}, { participantId: 'nope' }, { participantId: 5 }]),
      ...bodies('PUT', `/api/chat/conversations/${conversationId}/read`, [{ messageId: 'one' }, { messageId: -1 }, { messageId: 1.5 }]).filter((c) => c.body !== 'null'),
      { method: 'GET', path: '/api/chat/conversations/nope', status: 400, code: 'invalid_input' },
      { method: 'DELETE', path: '/api/chat/conversations/nope', status: 400, code: 'invalid_input' },
      { method: 'GET', path: '/api/chat/conversations/nope/messages', status: 400, code: 'invalid_input' },
      { method: 'PUT', path: '/api/chat/conversations/nope/read', body: '{}', status: 400, code: 'invalid_input' },
      ...['beforeSeq=abc', 'afterSeq=-1', 'limit=0', 'limit=1000', 'limit=1e400', 'beforeSeq=1.5'].map((q) => ({
        method: 'GET',
        path: `/api/chat/conversations/${conversationId}/messages?${q}`,
        status: 400,
        code: 'invalid_input',
      })),
      ...['', 'q=', 'q=%20%20', `q=${HUGE.slice(0, 201)}`, 'q=a&limit=x', 'q=a&limit=500'].map((q) => ({
        method: 'GET',
        path: `/api/chat/search?${q}`,
        status: 400,
        code: 'invalid_input',
      })),
    ]);
  });

  it('influencers, notifications, uploads and Instagram accounts refuse malformed input', async () => {
    await expectAll(pair.brand.token, [
      ...['limit=abc', 'limit=0', `q=${HUGE.slice(0, 101)}`, `cursor=${HUGE.slice(0, 201)}`].map((q) => ({
        method: 'GET',
        path: `/api/influencers?${q}`,
        status: 400,
        code: 'invalid_input',
      })),
      ...['box=sideways', 'status=lost', 'status=pending,lost'].map((q) => ({ method: 'GET', path: `/api/requests?${q}`, status: 400, code: 'invalid_input' })),
      ...['cursor=nope', 'limit=-5', 'limit=x'].map((q) => ({ method: 'GET', path: `/api/notifications?${q}`, status: 400, code: 'invalid_input' })),
      ...bodies('POST', '/api/notifications/read', [{ ids: 'all' }, { ids: ['nope'] }, { ids: Array.from({ length: 201 }, () => randomUUID()) }, { upTo: 5 }]).filter(
        (c) => c.body !== 'null',
      ),
      ...bodies('POST', '/api/instagram/accounts', [{}, { accountId: 5, username: 'x' }, { accountId: 'a b<c>', username: 'x' }, { accountId: '1784', username: HUGE }]),
      { method: 'DELETE', path: `/api/instagram/accounts/${'x'.repeat(300)}`, status: 400, code: 'invalid_input' },
      { method: 'GET', path: '/api/uploads/nope', status: 400, code: 'invalid_input' },
      { method: 'POST', path: '/api/uploads', body: '{"file":"x"}', status: 400, code: 'invalid_input' },
    ]);
    const broken = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${pair.brand.token}`, 'content-type': 'multipart/form-data; boundary=zzz' },
      body: '--zzz\r\nContent-Disposition: form-data; name="file"\r\n\r\nunterminated',
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as any).error.code).toBe('invalid_input');
  });

  it('signed webhooks that are not JSON are 400, unsigned 401, and the handshake without parameters 403', async () => {
    await expectAll(undefined, [
      { method: 'POST', path: '/api/webhooks/instagram', body: '{', status: 401, code: 'unauthorized' },
      { method: 'GET', path: '/api/webhooks/instagram', status: 403, code: 'forbidden' },
      { method: 'GET', path: '/api/webhooks/instagram?hub.mode=subscribe&hub.verify_token[]=x', status: 403, code: 'forbidden' },
    ]);
  });
});

describe('[VALIDATION] /chat events', () => {
  const events = ['conversation:join', 'conversation:leave', 'message:send', 'message:read', 'typing:start', 'typing:stop', 'user:check:online', 'status:update'];
  const junk: unknown[] = [
    undefined,
    null,
    42,
    'a string',
    true,
    [],
    [{ conversationId: randomUUID() }],
    {},
    { conversationId: 'not-a-uuid', userId: 'not-a-uuid', status: 'sleeping' },
    { conversationId: 123, userId: 123, status: 5, content: 5, messageId: 'x' },
    { conversationId: HUGE, userId: HUGE, status: HUGE, content: HUGE },
    { conversationId: { $ne: null }, userId: { $gt: '' }, status: ['online'] },
  ];

  function emitAck(socket: ChatClient, event: string, ...args: unknown[]): Promise<any> {
    return new Promise((resolve) => (socket.emit as any)(event, ...args, resolve));
  }

  it('answers every malformed payload of every event with invalid_input and stays connected', async () => {
    const socket = await connectChat(server.url, { token: pair.brand.token });
    open.push(socket);
    const errors: any[] = [];
    const messageErrors: any[] = [];
    socket.on('error', (e) => errors.push(e));
    socket.on('message:error', (e) => messageErrors.push(e));
    const failures: string[] = [];
    for (const event of events) {
      for (const payload of junk) {
        const ack = await emitAck(socket, event, payload);
        if (ack?.ok !== false || ack.error?.code !== 'invalid_input') failures.push(`${event} ${JSON.stringify(payload)?.slice(0, 60)} → ${JSON.stringify(ack)}`);
      }
    }
    expect(failures).toEqual([]);
    // A refused send answers message:error, every other event `error`.
    expect(messageErrors).toHaveLength(junk.length);
    expect(messageErrors.every((e) => e.error.code === 'invalid_input')).toBe(true);
    expect(errors).toHaveLength(junk.length * (events.length - 1));
    expect(errors.every((e) => e.code === 'invalid_input')).toBe(true);
    // Emitting without an ack, or with extra arguments, is answered the same way.
    const error = nextEvent(socket, 'error');
    socket.emit('conversation:join', 'junk' as never);
    expect(await error).toMatchObject({ code: 'invalid_input' });
    expect(socket.connected).toBe(true);
    const ok = await emitAck(socket, 'message:send', { conversationId: pair.conversationId, content: 'still here' });
    expect(ok).toMatchObject({ ok: true, data: { message: { content: 'still here' } } });
  });

  it('ignores unknown events, sends nothing back and keeps the connection', async () => {
    const socket = await connectChat(server.url, { token: pair.brand.token });
    open.push(socket);
    const seen: string[] = [];
    socket.onAny((event) => seen.push(event));
    let acked = false;
    for (const event of ['admin:drop', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'message:delete', 'x'.repeat(1000)]) {
      (socket.emit as any)(event, { conversationId: pair.conversationId }, () => (acked = true));
    }
    await sleep(300);
    expect(seen).toEqual([]);
    expect(acked).toBe(false);
    expect(socket.connected).toBe(true);
    expect(await emitAck(socket, 'conversation:join', { conversationId: pair.conversationId })).toMatchObject({ ok: true });
  });

  it('drops only the socket that sends a frame over maxHttpBufferSize, not its neighbours', async () => {
    const offender = await connectChat(server.url, { token: pair.brand.token });
    const neighbour = await connectChat(server.url, { token: pair.influencer.token });
    open.push(offender, neighbour);
    const closed = nextEvent<string>(offender, 'disconnect');
    offender.emit('message:send', { conversationId: pair.conversationId, content: 'z'.repeat(1_100_000) });
    expect(await closed).toBe('transport close');
    expect(neighbour.connected).toBe(true);
    expect(await emitAck(neighbour, 'message:send', { conversationId: pair.conversationId, content: 'fine' })).toMatchObject({ ok: true });
  });
});
