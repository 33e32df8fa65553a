import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser, signInWithCookie } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('[ACCOUNTS] register, token, me', () => {
  it('registers a brand and answers 201 with the public user, never the password', async () => {
    const res = await api(server.url).post('/api/auth/register', {
      email: 'Owner@Example.test',
      password: 'longenough',
      name: 'Acme Co',
      role: 'brand',
    });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ name: 'Acme Co', role: 'brand', avatarUrl: null, bio: null });
    expect(res.body.user.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof res.body.user.handle).toBe('string');
    expect(JSON.stringify(res.body)).not.toMatch(/password|Owner@Example/i);
  });

  it('refuses the same email in another letter case with 409 conflict', async () => {
    const first = await api(server.url).post('/api/auth/register', { email: 'case@x.io', password: 'longenough', name: 'A', role: 'brand' });
    expect(first.status).toBe(201);
    const again = await api(server.url).post('/api/auth/register', { email: 'CASE@X.IO', password: 'longenough', name: 'B', role: 'influencer' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });

  it('answers malformed JSON and wrong shapes with 400 invalid_input', async () => {
    const client = api(server.url);
    const broken = await client.post('/api/auth/register', '{"email":', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe('invalid_input');
    for (const body of [
      { email: 'x@y.io', password: 'short', name: 'A', role: 'brand' },
      { email: 'not-an-email', password: 'longenough', name: 'A', role: 'brand' },
      { email: 'x@y.io', password: 'longenough', name: 'A', role: 'admin' },
      { email: 'x@y.io', password: 'longenough', name: '', role: 'brand' },
      [{ email: 'x@y.io' }],
      { email: 42, password: true, name: null, role: 'brand' },
    ]) {
      const res = await client.post('/api/auth/register', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
      expect(res.body.error.message).toEqual(expect.any(String));
    }
  });

  it('mints a token for the right password and 401 for a wrong one or unknown email', async () => {
    const u = await createUser(server.url, 'influencer');
    const ok = await api(server.url).post('/api/auth/token', { email: u.email.toUpperCase(), password: u.password });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token: expect.any(String), user: { id: u.user.id } });
    expect(new Date(ok.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const wrong = await api(server.url).post('/api/auth/token', { email: u.email, password: 'wrong-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    const unknown = await api(server.url).post('/api/auth/token', { email: 'nobody@x.io', password: 'whatever1' });
    expect(unknown.status).toBe(401);
  });

  it('GET /api/users/me answers with the email for a bearer token and 401 for none or a forged one', async () => {
    const u = await createUser(server.url, 'brand');
    const me = await api(server.url, u.token).get('/api/users/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ id: u.user.id, email: u.email, role: 'brand' });
    expect((await api(server.url).get('/api/users/me')).status).toBe(401);
    const forged = await api(server.url, `${u.token.slice(0, -4)}AAAA`).get('/api/users/me');
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('unauthorized');
    expect((await api(server.url, 'garbage').get('/api/users/me')).status).toBe(401);
  });

  it('accepts the next-auth session cookie wherever a bearer token works', async () => {
    const u = await createUser(server.url, 'influencer');
    const cookie = await signInWithCookie(server.url, u.email, u.password);
    const me = await api(server.url).get('/api/users/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(u.user.id);
  });
});

describe('[ACCOUNTS] influencer directory', () => {
  it('searches by name or handle, pages with a cursor and never exposes emails', async () => {
    const brand = await createUser(server.url, 'brand');
    const tag = `zq${Date.now().toString(36)}`;
    for (let i = 0; i < 5; i++) await createUser(server.url, 'influencer', { name: `${tag} Person ${i}` });
    await createUser(server.url, 'influencer', { name: 'Someone Else', handle: `${tag}_handle` });
    await createUser(server.url, 'brand', { name: `${tag} Brand` });
    const client = api(server.url, brand.token);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await client.get(`/api/influencers?q=${tag}&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      for (const inf of page.body.influencers) {
        expect(inf.role).toBe('influencer');
        expect(inf).not.toHaveProperty('email');
        seen.push(inf.name);
      }
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect(seen).toContain('Someone Else');
    expect(JSON.stringify(seen)).not.toContain('Brand');

    const byHandle = await client.get(`/api/influencers?q=@${tag}_handle`);
    expect(byHandle.body.influencers.map((i: any) => i.name)).toEqual(['Someone Else']);
    expect((await client.get('/api/influencers?cursor=not-a-cursor')).body.error.code).toBe('invalid_input');
    // Well-formed cursors that carry no user id: refused as input, never handed to the database.
    for (const id of ['-'.repeat(36), 'g'.repeat(36), '00000000000000000000000000000000----']) {
      const forged = Buffer.from(JSON.stringify(['someone', id])).toString('base64url');
      const res = await client.get(`/api/influencers?cursor=${forged}`);
      expect({ id, status: res.status, code: res.body.error?.code }).toEqual({ id, status: 400, code: 'invalid_input' });
    }
    expect((await api(server.url).get('/api/influencers')).status).toBe(401);
  });
});

describe('[OPS] health', () => {
  it('reports the database and the realtime mode', async () => {
    const res = await api(server.url).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', db: 'ok', realtime: 'memory' });
  });
});
