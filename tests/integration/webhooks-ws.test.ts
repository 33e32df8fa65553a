import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, type TestUser } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { TEST_APP_SECRET, commentPayload, metaId, postWebhook } from '../helpers/webhooks';
import { openNotificationsClient, type NotificationsClient } from '../helpers/ws-client';

let server: TestServer;
let user: TestUser;
const open: NotificationsClient[] = [];

beforeAll(async () => {
  // Short enough to wait for, long enough that a busy machine's stall does not close a live
  // client that is still authenticating or answering pings.
  server = await startTestServer({ INSTAGRAM_APP_SECRET: TEST_APP_SECRET, WS_AUTH_TIMEOUT_MS: '1000', WS_IDLE_TIMEOUT_MS: '2000' });
  user = await createUser(server.url, 'influencer');
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await server?.close();
});

async function connect(): Promise<NotificationsClient> {
  const c = openNotificationsClient(server.url);
  open.push(c);
  await c.opened;
  return c;
}

async function authenticated(): Promise<NotificationsClient> {
  const c = await connect();
  c.send({ type: 'authenticate', token: user.token, userId: user.user.id, timestamp: Date.now() });
  expect(await c.next()).toEqual({ type: 'auth_success', message: expect.any(String), userId: user.user.id, timestamp: expect.any(Number) });
  return c;
}

const isOpen = (c: NotificationsClient) => c.ws.readyState === WebSocket.OPEN;

describe('[WS] protocol errors never close an authenticated connection', () => {
  it.each([
    ['not JSON', 'hello'],
    ['a JSON string', '"subscribe"'],
    ['a JSON array', '[1,2]'],
    ['null', 'null'],
    ['no type', { eventTypes: ['comments'] }],
    ['an unknown type', { type: 'nonsense' }],
    ['a non-string type', { type: 42 }],
    ['subscribe without eventTypes', { type: 'subscribe', timestamp: 1 }],
    ['subscribe with an unknown event type', { type: 'subscribe', eventTypes: ['stories'], timestamp: 1 }],
    ['subscribe with a string for eventTypes', { type: 'subscribe', eventTypes: 'comments', timestamp: 1 }],
    ['unsubscribe with an unknown event type', { type: 'unsubscribe', eventTypes: ['likes'], timestamp: 1 }],
    ['a second authenticate', { type: 'authenticate', token: 'x', timestamp: 1 }],
  ])('answers %s with an error frame', async (_name, frame) => {
    const c = await authenticated();
    c.send(frame);
    expect(await c.next()).toEqual({ type: 'error', message: expect.any(String), timestamp: expect.any(Number) });
    // Still usable afterwards.
    c.send({ type: 'test_connection' });
    expect(await c.next()).toEqual({ type: 'connection_info', status: 'connected', subscriptions: [], timestamp: expect.any(Number) });
    expect(isOpen(c)).toBe(true);
  });

  it('answers every frame but authenticate with "Not authenticated" before authentication', async () => {
    const c = await connect();
    for (const frame of [
      { type: 'subscribe', eventTypes: ['comments'], timestamp: 1 },
      { type: 'unsubscribe', eventTypes: ['comments'], timestamp: 1 },
      { type: 'get_subscriptions' },
      { type: 'test_connection' },
      { type: 'heartbeat', timestamp: 1 },
      { type: 'nonsense' },
    ]) {
      c.send(frame);
      expect(await c.next()).toEqual({ type: 'error', message: 'Not authenticated', timestamp: expect.any(Number) });
    }
    c.send('not json');
    expect(await c.next()).toMatchObject({ type: 'error' });
    expect(isOpen(c)).toBe(true);
  });

  it('keeps an unauthenticated connection open after a malformed authenticate frame', async () => {
    const c = await connect();
    c.send({ type: 'authenticate', userId: user.user.id, timestamp: 1 });
    expect(await c.next()).toMatchObject({ type: 'error' });
    c.send({ type: 'authenticate', token: user.token, timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'auth_success', userId: user.user.id });
  });
});

describe('[WS] authentication', () => {
  it('fails and closes 1008 for a forged token, another user’s id or a Bearer-less garbage token', async () => {
    const other = await createUser(server.url, 'brand');
    for (const frame of [
      { type: 'authenticate', token: `${user.token}x`, timestamp: 1 },
      { type: 'authenticate', token: user.token, userId: other.user.id, timestamp: 1 },
      { type: 'authenticate', token: 'Bearer ', timestamp: 1 },
    ]) {
      const c = await connect();
      c.send(frame);
      expect(await c.next()).toEqual({ type: 'auth_failed', reason: expect.any(String), timestamp: expect.any(Number) });
      expect((await c.closed).code).toBe(1008);
    }
  });

  it('accepts "Bearer <token>" and a subscribe sent right behind authenticate', async () => {
    const c = await connect();
    c.send({ type: 'authenticate', token: `Bearer ${user.token}`, userId: user.user.id, timestamp: Date.now() });
    c.send({ type: 'subscribe', eventTypes: ['comments', 'comments', 'live_comments'], userId: user.user.id, timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'auth_success' });
    expect(await c.next()).toEqual({ type: 'subscription_confirmed', eventTypes: ['comments', 'live_comments'], timestamp: expect.any(Number) });
    c.send({ type: 'get_subscriptions' });
    expect(await c.next()).toMatchObject({ type: 'connection_info', subscriptions: ['comments', 'live_comments'] });
  });

  it('answers heartbeats with the server time and echoes the client’s timestamp and id', async () => {
    const c = await authenticated();
    c.send({ type: 'heartbeat', timestamp: 1234, clientId: 'tab-1' });
    expect(await c.next()).toEqual({
      type: 'heartbeat_response',
      timestamp: expect.any(Number),
      serverTime: expect.any(Number),
      clientTimestamp: 1234,
      clientId: 'tab-1',
    });
    c.send({ type: 'heartbeat' });
    expect(await c.next()).toMatchObject({ type: 'heartbeat_response' });
  });

  it('does not insist on the client’s timestamp, which it never uses', async () => {
    const c = await connect();
    c.send({ type: 'authenticate', token: user.token });
    expect(await c.next()).toMatchObject({ type: 'auth_success' });
    c.send({ type: 'subscribe', eventTypes: ['messages'] });
    expect(await c.next()).toMatchObject({ type: 'subscription_confirmed', eventTypes: ['messages'] });
    c.send({ type: 'unsubscribe', eventTypes: ['messages'] });
    expect(await c.next()).toMatchObject({ type: 'subscription_confirmed', eventTypes: [] });
  });
});

describe('[WS] timeouts', () => {
  it('sends auth_failed and closes 1008 when a client does not authenticate in time', async () => {
    // From before the connection: the server's window opens as it accepts it.
    const started = Date.now();
    const c = await connect();
    expect(await c.next(3000)).toMatchObject({ type: 'auth_failed', reason: expect.stringMatching(/timeout/i) });
    expect((await c.closed).code).toBe(1008);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('closes a silent authenticated connection with 1000, and keeps a chatty one open', async () => {
    const silent = await authenticated();
    // ws answers pings by itself; stop that so the connection looks dead.
    (silent.ws as any)._receiver.removeAllListeners('ping');
    (silent.ws as any).pong = () => {};
    const chatty = await authenticated();
    const beat = setInterval(() => chatty.send({ type: 'heartbeat', timestamp: Date.now() }), 200);
    try {
      const closed = await silent.closed;
      expect(closed.code).toBe(1000);
      expect(isOpen(chatty)).toBe(true);
    } finally {
      clearInterval(beat);
    }
  });

  it('keeps a connection that answers pings open past the idle timeout', async () => {
    const c = await authenticated();
    await new Promise((r) => setTimeout(r, 3000));
    expect(isOpen(c)).toBe(true);
  });

  it('still delivers to a client that only answers pings', async () => {
    const accountId = metaId();
    expect((await api(server.url, user.token).post('/api/instagram/accounts', { accountId, username: 'quiet' })).status).toBe(201);
    const c = await authenticated();
    c.send({ type: 'subscribe', eventTypes: ['comments'], timestamp: Date.now() });
    await c.next();
    await new Promise((r) => setTimeout(r, 2500));
    const id = metaId();
    await postWebhook(server.url, commentPayload(accountId, id));
    expect(await c.next()).toMatchObject({ type: 'webhook_event', payload: { id } });
  });
});
