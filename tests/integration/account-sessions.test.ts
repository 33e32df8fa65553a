import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat, createUser, nextEvent, signInWithCookie, type ChatClient, type TestUser } from '../helpers/clients';
import { hashPassword } from '@/lib/auth/password';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { openNotificationsClient, type NotificationsClient } from '../helpers/ws-client';

let server: TestServer;
const sockets: ChatClient[] = [];
const wsClients: NotificationsClient[] = [];
beforeAll(async () => {
  // Three wrong passwords lock an account out, so the limit is reached quickly below.
  server = await startTestServer({ RATE_LIMIT_LOGIN_ACCOUNT_BURST: '3' });
});
afterAll(async () => {
  sockets.forEach((s) => s.close());
  wsClients.forEach((c) => c.close());
  await server?.close();
});

const chat = async (options: Parameters<typeof connectChat>[1]) => {
  const socket = await connectChat(server.url, options);
  sockets.push(socket);
  return socket;
};

/** A /ws/notifications client authenticated with `token`. */
const notifications = async (token: string) => {
  const client = openNotificationsClient(server.url);
  wsClients.push(client);
  await client.opened;
  client.send({ type: 'authenticate', token, timestamp: Date.now() });
  expect(await client.next()).toMatchObject({ type: 'auth_success' });
  return client;
};

const newToken = async (user: TestUser) => {
  const res = await api(server.url).post<{ token: string }>('/api/auth/token', { email: user.email, password: user.password });
  expect(res.status).toBe(200);
  return res.body.token;
};

describe('[AUTH] signing out everywhere', () => {
  it('ends every token and session of the caller, closes its live connections, and leaves everyone else alone', async () => {
    const brand = await createUser(server.url, 'brand');
    const other = await createUser(server.url, 'influencer');
    const secondToken = await newToken(brand);
    const cookie = await signInWithCookie(server.url, brand.email, brand.password);
    const byToken = await chat({ token: brand.token });
    const byCookie = await chat({ cookie, transports: ['polling'] });
    const brandWs = await notifications(secondToken);
    const othersSocket = await chat({ token: other.token });
    const othersWs = await notifications(other.token);

    const disconnects = [byToken, byCookie].map((s) => nextEvent<string>(s, 'disconnect'));
    expect((await api(server.url, brand.token).post('/api/auth/sign-out-everywhere')).status).toBe(204);

    // Live connections: the server ends them, on both transports.
    expect(await Promise.all(disconnects)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(await brandWs.next()).toMatchObject({ type: 'auth_failed', reason: 'Session ended' });
    expect((await brandWs.closed).code).toBe(1008);

    // Every earlier credential is refused from now on, wherever it is shown.
    const credentials: Record<string, string>[] = [{ authorization: `Bearer ${brand.token}` }, { authorization: `Bearer ${secondToken}` }, { cookie }];
    for (const headers of credentials) {
      const me = await api(server.url).get('/api/users/me', headers);
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('unauthorized');
    }
    // next-auth's own session endpoint does not renew it either: it answers no session and clears the cookie.
    const session = await fetch(`${server.url}/api/auth/session`, { headers: { cookie } });
    expect(await session.json()).toEqual({});
    expect(session.headers.getSetCookie().some((c) => /session-token=;/.test(c))).toBe(true);
    await expect(connectChat(server.url, { token: secondToken })).rejects.toThrow('unauthorized');
    await expect(connectChat(server.url, { cookie, transports: ['polling'] })).rejects.toThrow('unauthorized');
    const late = openNotificationsClient(server.url);
    wsClients.push(late);
    await late.opened;
    late.send({ type: 'authenticate', token: brand.token, timestamp: Date.now() });
    expect(await late.next()).toMatchObject({ type: 'auth_failed' });
    expect((await late.closed).code).toBe(1008);
    expect((await api(server.url, secondToken).post('/api/auth/sign-out-everywhere')).status).toBe(401);

    // Someone else's connections and token are untouched.
    expect(othersSocket.connected).toBe(true);
    expect((await api(server.url, other.token).get('/api/users/me')).status).toBe(200);
    othersWs.send({ type: 'heartbeat', timestamp: Date.now() });
    expect(await othersWs.next()).toMatchObject({ type: 'heartbeat_response' });

    // Signing in again works: a new token, a new session cookie, a new socket.
    const fresh = await newToken(brand);
    expect((await api(server.url, fresh).get('/api/users/me')).body.user.id).toBe(brand.user.id);
    const freshCookie = await signInWithCookie(server.url, brand.email, brand.password);
    expect((await api(server.url).get('/api/users/me', { cookie: freshCookie })).status).toBe(200);
    const freshSession = await fetch(`${server.url}/api/auth/session`, { headers: { cookie: freshCookie } });
    expect(await freshSession.json()).toMatchObject({ user: { id: brand.user.id } });
    expect((await chat({ token: fresh })).hello.userId).toBe(brand.user.id);
  });

  it('does it again later: only the sessions issued since end, and the new ones stand until then', async () => {
    const user = await createUser(server.url, 'influencer');
    expect((await api(server.url, user.token).post('/api/auth/sign-out-everywhere')).status).toBe(204);
    const second = await newToken(user);
    const socket = await chat({ token: second });
    const ws = await notifications(second);
    // A third session, opened after the second revocation, must survive the message of the second.
    // Listen first: the server cuts the socket before it answers the POST.
    const gone = nextEvent<string>(socket, 'disconnect');
    expect((await api(server.url, second).post('/api/auth/sign-out-everywhere')).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(await ws.next()).toMatchObject({ type: 'auth_failed', reason: 'Session ended' });
    const third = await newToken(user);
    const thirdSocket = await chat({ token: third });
    expect((await api(server.url, third).get('/api/users/me')).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(thirdSocket.connected).toBe(true);
  });

  it('refuses the cookie-authenticated call from another origin, and without credentials, ending nothing', async () => {
    const user = await createUser(server.url, 'brand');
    const cookie = await signInWithCookie(server.url, user.email, user.password);
    const foreign = await api(server.url).post('/api/auth/sign-out-everywhere', {}, { cookie, origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe('forbidden');
    const anonymous = await api(server.url).post('/api/auth/sign-out-everywhere');
    expect(anonymous.status).toBe(401);
    expect((await api(server.url).get('/api/users/me', { cookie })).status).toBe(200);
    expect((await api(server.url, user.token).get('/api/users/me')).status).toBe(200);
    // From our own origin the cookie may do it.
    const own = await api(server.url).post('/api/auth/sign-out-everywhere', {}, { cookie, origin: server.url });
    expect(own.status).toBe(204);
    expect((await api(server.url, user.token).get('/api/users/me')).status).toBe(401);
  });
});

describe('[AUTH] changing the password', () => {
  const change = (token: string, body: unknown) => api(server.url, token).put('/api/users/me/password', body);

  it('changes it, ends every earlier session and connection, and answers with a token that works', async () => {
    const user = await createUser(server.url, 'brand');
    const other = await createUser(server.url, 'influencer');
    const cookie = await signInWithCookie(server.url, user.email, user.password);
    const socket = await chat({ token: user.token });
    const ws = await notifications(user.token);
    const othersSocket = await chat({ token: other.token });
    const gone = nextEvent<string>(socket, 'disconnect');

    const res = await change(user.token, { currentPassword: user.password, newPassword: 'a-brand-new-secret' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(await gone).toBe('io server disconnect');
    expect(await ws.next()).toMatchObject({ type: 'auth_failed', reason: 'Session ended' });
    expect((await api(server.url, user.token).get('/api/users/me')).status).toBe(401);
    expect((await api(server.url).get('/api/users/me', { cookie })).status).toBe(401);
    expect((await api(server.url, res.body.token).get('/api/users/me')).body.user.id).toBe(user.user.id);

    // The old password opens nothing any more; the new one does, by token and by the form.
    expect((await api(server.url).post('/api/auth/token', { email: user.email, password: user.password })).status).toBe(401);
    expect((await api(server.url).post('/api/auth/token', { email: user.email, password: 'a-brand-new-secret' })).status).toBe(200);
    await expect(signInWithCookie(server.url, user.email, user.password)).rejects.toThrow();
    await signInWithCookie(server.url, user.email, 'a-brand-new-secret');
    expect(othersSocket.connected).toBe(true);
  });

  it('refuses bad input field by field, changing nothing', async () => {
    const user = await createUser(server.url, 'influencer');
    const cases: [unknown, string][] = [
      [{ currentPassword: user.password, newPassword: 'short' }, 'newPassword'],
      [{ currentPassword: user.password, newPassword: user.password }, 'newPassword'],
      [{ newPassword: 'long-enough-secret' }, 'currentPassword'],
      [{ currentPassword: user.password, newPassword: 'x'.repeat(201) }, 'newPassword'],
    ];
    for (const [body, field] of cases) {
      const res = await change(user.token, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const malformed = await api(server.url, user.token).put('/api/users/me/password', 'not json' as unknown as object);
    expect(malformed.status).toBe(400);
    expect((await api(server.url).put('/api/users/me/password', { currentPassword: user.password, newPassword: 'long-enough-secret' })).status).toBe(401);
    expect((await api(server.url, user.token).get('/api/users/me')).status).toBe(200);
    expect((await api(server.url).post('/api/auth/token', { email: user.email, password: user.password })).status).toBe(200);
  });

  it('counts a wrong current password as a failed sign-in: refused, then locked out', async () => {
    const user = await createUser(server.url, 'brand');
    for (let i = 0; i < 3; i++) {
      const wrong = await change(user.token, { currentPassword: 'not-my-password', newPassword: 'long-enough-secret' });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details).toEqual([{ path: 'currentPassword', message: expect.any(String) }]);
    }
    // The guess beyond the limit is refused, and so is the right password after it.
    expect((await change(user.token, { currentPassword: 'not-my-password', newPassword: 'long-enough-secret' })).status).toBe(429);
    const locked = await change(user.token, { currentPassword: user.password, newPassword: 'long-enough-secret' });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toMatch(/^\d+$/);
    // Nothing changed, and the session still stands.
    expect((await api(server.url, user.token).get('/api/users/me')).status).toBe(200);
  });

  it('replaces the browser session cookie in its answer, so that browser stays signed in', async () => {
    const user = await createUser(server.url, 'influencer');
    const cookie = await signInWithCookie(server.url, user.email, user.password);
    const res = await fetch(`${server.url}/api/users/me/password`, {
      method: 'PUT',
      headers: { cookie, origin: server.url, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: user.password, newPassword: 'a-brand-new-secret' }),
    });
    expect(res.status).toBe(200);
    const replaced = res.headers.getSetCookie().find((c) => c.startsWith('next-auth.session-token='));
    expect(replaced).toMatch(/; HttpOnly; SameSite=Lax/);
    const fresh = replaced!.split(';')[0]!;
    expect((await api(server.url).get('/api/users/me', { cookie: fresh })).status).toBe(200);
    expect((await chat({ cookie: fresh, transports: ['polling'] })).hello.userId).toBe(user.user.id);
    expect((await api(server.url).get('/api/users/me', { cookie })).status).toBe(401);
    // An API client gets its new token in the body and no cookie.
    const byToken = await change((await newToken({ ...user, password: 'a-brand-new-secret' })), { currentPassword: 'a-brand-new-secret', newPassword: 'yet-another-secret' });
    expect(byToken.status).toBe(200);
    expect(byToken.headers.get('set-cookie')).toBeNull();
  });

  it('lets only the first of two changes at once land, and no change revive a session ended meanwhile', async () => {
    const user = await createUser(server.url, 'brand');
    const second = await newToken(user);
    const [a, b] = await Promise.all([
      change(user.token, { currentPassword: user.password, newPassword: 'first-new-secret' }),
      change(second, { currentPassword: user.password, newPassword: 'second-new-secret' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 401]);
    const won = a.status === 200 ? 'first-new-secret' : 'second-new-secret';
    expect((await api(server.url).post('/api/auth/token', { email: user.email, password: won })).status).toBe(200);

    // A session this process still trusts from memory, ended in the database meanwhile (as by
    // another process whose message was lost): the change is refused, nothing is written.
    const other = await createUser(server.url, 'influencer');
    expect((await api(server.url, other.token).get('/api/users/me')).status).toBe(200);
    await server.app.services.database.query('update users set session_generation = session_generation + 1 where id = $1::uuid', [other.user.id]);
    const revived = await change(other.token, { currentPassword: other.password, newPassword: 'a-brand-new-secret' });
    expect(revived.status).toBe(401);
    expect((await api(server.url).post('/api/auth/token', { email: other.email, password: other.password })).status).toBe(200);
  });

  it('answers a change from a session ended by another change 401, not as a wrong password, and counts no failed sign-in', async () => {
    // The loser of two changes at once, when it reads the account after the winner wrote it:
    // here the winner is another process, whose message this process never got.
    const user = await createUser(server.url, 'influencer');
    expect((await api(server.url, user.token).get('/api/users/me')).status).toBe(200);
    await server.app.services.database.query(
      'update users set password_hash = $2, session_generation = session_generation + 1 where id = $1::uuid',
      [user.user.id, await hashPassword('changed-elsewhere')],
    );
    // More than the three failed sign-ins that lock the account out.
    for (let i = 0; i < 4; i++) {
      const res = await change(user.token, { currentPassword: user.password, newPassword: `attempt-${i}-secret` });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: { code: 'unauthorized' } });
    }
    expect((await api(server.url).post('/api/auth/token', { email: user.email, password: 'changed-elsewhere' })).status).toBe(200);
  });
});
