import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat, createUser, signInWithCookie, type ChatClient } from '../helpers/clients';
import { createPair, eventually, sleep } from '../helpers/chat';
import { requestBody } from '../helpers/requests';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
const open: ChatClient[] = [];

beforeAll(async () => {
  // The slowest refills allowed, so that no bucket refills while a test spends it.
  server = await startTestServer({
    RATE_LIMIT_REQUESTS_BURST: '3',
    RATE_LIMIT_REQUESTS_PER_MIN: '1',
    RATE_LIMIT_UPLOADS_BURST: '2',
    RATE_LIMIT_UPLOADS_PER_MIN: '1',
    RATE_LIMIT_SEARCHES_BURST: '3',
    RATE_LIMIT_SEARCHES_PER_SEC: '1',
    RATE_LIMIT_LOGIN_ACCOUNT_BURST: '3',
    RATE_LIMIT_LOGIN_ACCOUNT_PER_MIN: '1',
    RATE_LIMIT_LOGIN_IP_BURST: '8',
    RATE_LIMIT_LOGIN_IP_PER_MIN: '1',
    CHAT_MAX_CONNECTIONS_PER_USER: '3',
  });
});
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
});
afterAll(async () => {
  await server?.close();
});

function expectLimited(res: { status: number; body: any; headers: Headers }) {
  expect(res.status).toBe(429);
  expect(res.body.error.code).toBe('rate_limited');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('[LIMITS] per-user token buckets', () => {
  it('limits request creation per brand with 429 and Retry-After, leaving other brands alone', async () => {
    const [brand, other, influencer] = [await createUser(server.url, 'brand'), await createUser(server.url, 'brand'), await createUser(server.url, 'influencer')];
    const client = api(server.url, brand.token);
    for (let i = 0; i < 3; i++) expect((await client.post('/api/requests', requestBody(influencer.user.id))).status).toBe(201);
    expectLimited(await client.post('/api/requests', requestBody(influencer.user.id)));
    expect((await api(server.url, other.token).post('/api/requests', requestBody(influencer.user.id))).status).toBe(201);
  });

  it('limits uploads per user', async () => {
    const user = await createUser(server.url, 'brand');
    const upload = async () => {
      const form = new FormData();
      form.append('file', new Blob([PNG]), 'p.png');
      const res = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${user.token}` } });
      return { status: res.status, body: (await res.json()) as any, headers: res.headers };
    };
    expect((await upload()).status).toBe(201);
    expect((await upload()).status).toBe(201);
    expectLimited(await upload());
  });

  it('limits searches per user across the directory and message search', async () => {
    const [user, warmer] = [await createUser(server.url, 'brand'), await createUser(server.url, 'brand')];
    // Another user loads both routes' code first; then the four searches come at once, within
    // the second a token takes to refill.
    for (const path of ['/api/influencers?q=w', '/api/chat/search?q=w']) expect((await api(server.url, warmer.token).get(path)).status).toBe(200);
    const client = api(server.url, user.token);
    const answers = await Promise.all(['/api/influencers?q=a', '/api/chat/search?q=a', '/api/influencers?q=b', '/api/chat/search?q=b'].map((path) => client.get(path)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 429]);
    expectLimited(answers.find((a) => a.status === 429)!);
    await sleep(1100);
    expect((await client.get('/api/chat/search?q=c')).status).toBe(200);
  });

  it('never limits a user who sends 8 messages a second for three seconds', async () => {
    const { brand, conversationId } = await createPair(server);
    const socket = await connectChat(server.url, { token: brand.token });
    open.push(socket);
    const acks: any[] = [];
    for (let i = 0; i < 24; i++) {
      acks.push(await new Promise((r) => socket.emit('message:send', { conversationId, content: `steady ${i}` }, r)));
      await sleep(125);
    }
    expect(acks.filter((a) => !a.ok)).toEqual([]);
    expect(socket.connected).toBe(true);
  });
});

describe('[LIMITS] connections per user', () => {
  it('refuses a fourth /chat connection of one user with rate_limited, and accepts one again when a slot frees', async () => {
    const { brand, influencer } = await createPair(server);
    for (let i = 0; i < 3; i++) open.push(await connectChat(server.url, { token: brand.token }));
    await expect(connectChat(server.url, { token: brand.token })).rejects.toThrow('rate_limited');
    // Another user is not affected.
    open.push(await connectChat(server.url, { token: influencer.token }));
    open[0]!.close();
    // The slot frees once the server has seen the close.
    await eventually(async () => {
      open.push(await connectChat(server.url, { token: brand.token }));
    });
    expect(open.at(-1)!.connected).toBe(true);
  });
});

describe('[LIMITS] sign-in attempts', () => {
  it('locks an account out after its burst of wrong passwords, even for the right one, with 429 and Retry-After', async () => {
    const victim = await createUser(server.url, 'influencer');
    const other = await createUser(server.url, 'influencer');
    const client = api(server.url);
    for (let i = 0; i < 3; i++) expect((await client.post('/api/auth/token', { email: victim.email, password: 'wrong-password' })).status).toBe(401);
    expectLimited(await client.post('/api/auth/token', { email: victim.email.toUpperCase(), password: 'wrong-password' }));
    expectLimited(await client.post('/api/auth/token', { email: victim.email, password: victim.password }));
    // The browser sign-in is refused too, like a wrong password.
    await expect(signInWithCookie(server.url, victim.email, victim.password)).rejects.toThrow(/sign-in failed/);
    // Other accounts from the same address still sign in.
    expect((await client.post('/api/auth/token', { email: other.email, password: other.password })).status).toBe(200);
    await signInWithCookie(server.url, other.email, other.password);
  });

  it('locks out an address that guesses across accounts; a forged X-Forwarded-For does not help', async () => {
    const user = await createUser(server.url, 'brand');
    const client = api(server.url);
    // The previous test spent 4 of this address's 8 failures.
    let limited = 0;
    for (let i = 0; i < 6; i++) {
      const res = await client.post('/api/auth/token', { email: `nobody${i}@example.test`, password: 'guess-guess' }, { 'x-forwarded-for': `203.0.113.${i}` });
      if (res.status === 429) limited++;
      else expect(res.status).toBe(401);
    }
    expect(limited).toBeGreaterThan(0);
    expectLimited(await client.post('/api/auth/token', { email: user.email, password: user.password }));
  });
});

describe('[LIMITS] sign-ups', () => {
  let proxied: TestServer;
  beforeAll(async () => {
    // Behind a proxy, so each test address can be its own client.
    proxied = await startTestServer({ RATE_LIMIT_SIGNUPS_BURST: '3', RATE_LIMIT_SIGNUPS_PER_HOUR: '1', TRUST_PROXY: 'true' });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  const signUp = (ip: string, n: string) =>
    api(proxied.url).post(
      '/api/auth/register',
      { email: `signup-${n}-${Date.now()}@example.test`, password: 'longenough', name: `Signup ${n}`, role: 'brand' },
      { 'x-forwarded-for': ip },
    );

  it('limits account creation per client address with 429 and Retry-After, refused attempts included, and nothing is created', async () => {
    const spammer = '198.51.100.7';
    expect((await signUp(spammer, 'a')).status).toBe(201);
    // A refused attempt counts too: it is how taken emails are probed.
    const bad = await api(proxied.url).post('/api/auth/register', { email: 'not-an-email', password: 'x' }, { 'x-forwarded-for': spammer });
    expect(bad.status).toBe(400);
    expect((await signUp(spammer, 'b')).status).toBe(201);
    const refusedEmail = `signup-refused-${Date.now()}@example.test`;
    const refused = await api(proxied.url).post(
      '/api/auth/register',
      { email: refusedEmail, password: 'longenough', name: 'Refused', role: 'brand' },
      { 'x-forwarded-for': spammer },
    );
    expectLimited(refused);
    // Not created: the same email signs up from another address.
    const elsewhere = await api(proxied.url).post(
      '/api/auth/register',
      { email: refusedEmail, password: 'longenough', name: 'Refused', role: 'brand' },
      { 'x-forwarded-for': '198.51.100.8' },
    );
    expect(elsewhere.status).toBe(201);
  });

  it('counts an IPv6 /64 as one address', async () => {
    for (const n of ['h', 'i', 'j']) expect((await signUp(`2001:db8:1:2::${n.charCodeAt(0)}`, n)).status).toBe(201);
    expectLimited(await signUp('2001:db8:1:2:ffff:ffff:ffff:ffff', 'k'));
    expect((await signUp('2001:db8:1:3::1', 'l')).status).toBe(201);
  });

  it('leaves other addresses, and sign-ins from the limited one, alone', async () => {
    const spammer = '198.51.100.9';
    for (const n of ['c', 'd', 'e']) expect((await signUp(spammer, n)).status).toBe(201);
    expectLimited(await signUp(spammer, 'f'));
    expect((await signUp('198.51.100.10', 'g')).status).toBe(201);
    const user = await createUser(proxied.url, 'influencer');
    const token = await api(proxied.url).post('/api/auth/token', { email: user.email, password: user.password }, { 'x-forwarded-for': spammer });
    expect(token.status).toBe(200);
  });
});
