import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChat, createUser, signInWithCookie, type TestUser } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
let brand: TestUser;
beforeAll(async () => {
  // Short enough to wait for, long enough that a busy machine's stall does not close a live
  // client that is still authenticating or answering pings.
  server = await startTestServer({ WS_AUTH_TIMEOUT_MS: '1000', WS_IDLE_TIMEOUT_MS: '1500' });
  brand = await createUser(server.url, 'brand');
});
afterAll(async () => {
  await server?.close();
});

describe('[SOCKET] /chat authentication', () => {
  it('greets a bearer-token client with connection:success', async () => {
    const client = await connectChat(server.url, { token: brand.token });
    expect(client.hello).toEqual({ userId: brand.user.id, userType: 'brand', socketId: client.id });
    client.close();
  });

  it('refuses a missing or forged token with connect_error "unauthorized"', async () => {
    await expect(connectChat(server.url)).rejects.toThrow('unauthorized');
    await expect(connectChat(server.url, { token: 'forged' })).rejects.toThrow('unauthorized');
    await expect(connectChat(server.url, { token: `${brand.token}x` })).rejects.toThrow('unauthorized');
  });

  it('accepts the session cookie and the bare token, over websocket and long-polling', async () => {
    const cookie = await signInWithCookie(server.url, brand.email, brand.password);
    const viaCookie = await connectChat(server.url, { cookie, transports: ['polling'] });
    expect(viaCookie.connected).toBe(true);
    viaCookie.close();
    const bare = await new Promise<boolean>((resolve) => {
      void import('socket.io-client').then(({ io }) => {
        const s = io(`${server.url}/chat`, { auth: { token: brand.token }, transports: ['polling'], reconnection: false, forceNew: true });
        s.on('connection:success', () => (s.close(), resolve(true)));
        s.on('connect_error', () => (s.close(), resolve(false)));
      });
    });
    expect(bare).toBe(true);
  });
});

function openWs(url: string) {
  const ws = new WebSocket(`${url.replace('http', 'ws')}/ws/notifications`);
  const frames: any[] = [];
  const waiters: ((f: any) => void)[] = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    const w = waiters.shift();
    if (w) w(frame);
    else frames.push(frame);
  });
  const next = () =>
    new Promise<any>((resolve, reject) => {
      const queued = frames.shift();
      if (queued) return resolve(queued);
      const t = setTimeout(() => reject(new Error('no frame')), 3000);
      waiters.push((f) => (clearTimeout(t), resolve(f)));
    });
  const closed = new Promise<{ code: number }>((resolve) => ws.on('close', (code) => resolve({ code })));
  const open = new Promise<void>((resolve) => ws.on('open', () => resolve()));
  return { ws, next, closed, open, send: (f: unknown) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)) };
}

describe('[WS] /ws/notifications basics', () => {
  it('authenticates with a token, answers heartbeat and subscription frames, keeps errors non-fatal', async () => {
    const c = openWs(server.url);
    await c.open;
    c.send({ type: 'subscribe', eventTypes: ['comments'], timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'error', message: 'Not authenticated', timestamp: expect.any(Number) });
    c.send({ type: 'authenticate', token: brand.token, userId: brand.user.id, timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'auth_success', userId: brand.user.id, message: expect.any(String) });
    c.send('not json');
    expect(await c.next()).toMatchObject({ type: 'error' });
    c.send({ type: 'nonsense' });
    expect(await c.next()).toMatchObject({ type: 'error' });
    c.send({ type: 'subscribe', eventTypes: ['comments', 'mentions'], timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'subscription_confirmed', eventTypes: ['comments', 'mentions'] });
    c.send({ type: 'unsubscribe', eventTypes: ['comments'], timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'subscription_confirmed', eventTypes: ['mentions'] });
    c.send({ type: 'get_subscriptions' });
    expect(await c.next()).toMatchObject({ type: 'connection_info', status: 'connected', subscriptions: ['mentions'] });
    c.send({ type: 'heartbeat', timestamp: 123 });
    expect(await c.next()).toMatchObject({ type: 'heartbeat_response', timestamp: expect.any(Number), serverTime: expect.any(Number) });
    c.ws.close();
  });

  it('closes with 1008 after auth_failed for a bad token or a userId that is not the token’s', async () => {
    const bad = openWs(server.url);
    await bad.open;
    bad.send({ type: 'authenticate', token: 'nope', userId: brand.user.id, timestamp: Date.now() });
    expect(await bad.next()).toMatchObject({ type: 'auth_failed', reason: expect.any(String) });
    expect((await bad.closed).code).toBe(1008);

    const other = openWs(server.url);
    await other.open;
    other.send({ type: 'authenticate', token: brand.token, userId: '00000000-0000-4000-8000-000000000000', timestamp: Date.now() });
    expect(await other.next()).toMatchObject({ type: 'auth_failed' });
    expect((await other.closed).code).toBe(1008);
  });

  it('closes an unauthenticated client after the auth timeout with 1008', async () => {
    const c = openWs(server.url);
    await c.open;
    expect(await c.next()).toMatchObject({ type: 'auth_failed' });
    expect((await c.closed).code).toBe(1008);
  });

  it('closes a silent connection with 1000 after the idle timeout', async () => {
    const c = openWs(server.url);
    await c.open;
    // ws answers pings automatically; stop that so the connection looks dead.
    (c.ws as any)._receiver.removeAllListeners('ping');
    (c.ws as any).pong = () => {};
    c.send({ type: 'authenticate', token: brand.token, timestamp: Date.now() });
    expect(await c.next()).toMatchObject({ type: 'auth_success' });
    expect((await c.closed).code).toBe(1000);
  });

  it('leaves upgrades to engine.io and the server, never to Next, once Next has served requests', async () => {
    // Next would listen for upgrades on the server of the first request it serves, and run its
    // router on every Socket.IO and /ws/notifications connection.
    expect((await fetch(`${server.url}/api/users/me`)).status).toBe(401);
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    const listeners = server.app.server.listeners('upgrade');
    expect(listeners).toHaveLength(2);
    const client = await connectChat(server.url, { token: brand.token });
    client.disconnect();
    expect(server.app.server.listeners('upgrade')).toEqual(listeners);
  });

  it('answers unknown upgrade paths with 404', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/ws/elsewhere`);
    const err = await new Promise<Error>((resolve) => ws.on('error', resolve));
    expect(err.message).toMatch(/404/);
  });
});
