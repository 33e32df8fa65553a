import { createHmac, randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat, createUser, nextEvent, type ChatClient, type TestUser } from '../helpers/clients';
import { sleep } from '../helpers/chat';
import { createScratchDatabase } from '../helpers/process-database';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';
import { postgresClient } from '@/db/postgres-url';

const adminUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.REDIS_URL_TEST;
// Several processes need a shared database and Redis: this suite runs once, in the Postgres project.
const enabled = process.env.TEST_DB === 'postgres' && !!adminUrl && !!redisUrl;

const APP_SECRET = 'scale-out-app-secret';
const TTL_MS = 1500;
const SESSION_CHECK_MS = 700;

describe.skipIf(!enabled)('[SCALE] two processes on one Postgres and one Redis', () => {
  let one: ServerProcess;
  let two: ServerProcess;
  let dropDatabase = async () => {};
  let databaseUrl = '';
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    const scratch = await createScratchDatabase(adminUrl!, 'collabwire_scale');
    dropDatabase = scratch.drop;
    databaseUrl = scratch.url;
    const env = {
      DATABASE_URL: scratch.url,
      REDIS_URL: redisUrl!,
      REDIS_PREFIX: `cwtest-${randomBytes(4).toString('hex')}`,
      AUTH_SECRET: randomBytes(32).toString('base64url'),
      PRESENCE_TTL_MS: String(TTL_MS),
      SESSION_CHECK_MS: String(SESSION_CHECK_MS),
      INSTAGRAM_APP_SECRET: APP_SECRET,
      INSTAGRAM_WEBHOOK_VERIFY_TOKEN: 'verify',
    };
    // The first applies the migrations; the second finds them applied.
    one = await spawnServer(env);
    two = await spawnServer(env);
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await Promise.all([one?.stop(), two?.stop()]);
    await dropDatabase();
  });

  const connect = async (url: string, user: TestUser) => {
    const s = await connectChat(url, { token: user.token });
    sockets.push(s);
    return s;
  };
  const ack = <T = any>(s: ChatClient, event: string, payload: unknown) => new Promise<T>((r) => (s.emit as any)(event, payload, r));

  let brand: TestUser;
  let influencer: TestUser;
  let conversationId: string;

  it('reports redis in health on both processes', async () => {
    for (const p of [one, two]) {
      const h = await api(p.url).get('/api/health');
      expect(h.body).toEqual({ status: 'ok', db: 'ok', realtime: 'redis', redis: 'ok' });
    }
  });

  it('delivers request:new raised by a REST call on the other process', async () => {
    brand = await createUser(one.url, 'brand');
    influencer = await createUser(one.url, 'influencer');
    const influencerOnTwo = await connect(two.url, influencer);
    const got = nextEvent(influencerOnTwo, 'request:new');
    const created = await api(one.url, brand.token).post('/api/requests', {
      influencerId: influencer.user.id,
      title: 'Across processes',
      brief: 'One process takes the request, another tells the influencer',
      budget: { amount: 10_000, currency: 'USD' },
    });
    expect(created.status).toBe(201);
    expect((await got).request.id).toBe(created.body.request.id);
    const accepted = await api(two.url, influencer.token).post(`/api/requests/${created.body.request.id}/accept`, {});
    expect(accepted.status).toBe(200);
    conversationId = accepted.body.conversation.id;
  });

  it('carries messages and typing between sockets on different processes', async () => {
    const b = await connect(one.url, brand);
    const i = await connect(two.url, influencer);
    expect((await ack(b, 'conversation:join', { conversationId })).ok).toBe(true);
    expect((await ack(i, 'conversation:join', { conversationId })).ok).toBe(true);
    const delivered = nextEvent(i, 'message:new');
    const sent = await ack(b, 'message:send', { conversationId, content: 'hello from process one', tempId: 'x1' });
    expect(sent.ok).toBe(true);
    expect(await delivered).toEqual(sent.data.message);
    const typing = nextEvent(b, 'typing:start');
    await ack(i, 'typing:start', { conversationId });
    expect((await typing).user.userId).toBe(influencer.user.id);
    const reply = nextEvent(b, 'message:new');
    await api(two.url, influencer.token).post('/api/chat/messages', { conversationId, content: 'and back from two' });
    expect((await reply).content).toBe('and back from two');
  });

  it('shares presence: online and offline across processes, status checks see the other process', async () => {
    const watcher = await connect(one.url, brand);
    const tab = await connectChat(two.url, { token: influencer.token });
    const check = await ack(watcher, 'user:check:online', { userId: influencer.user.id });
    expect(check.data).toMatchObject({ isOnline: true });
    tab.close();
    // Earlier sockets of the influencer on process two are still open: still online.
    await sleep(300);
    expect((await ack(watcher, 'user:check:online', { userId: influencer.user.id })).data.isOnline).toBe(true);
  });

  it('pushes a webhook received by one process to the owner’s ws client on the other', async () => {
    const link = await api(one.url, influencer.token).post('/api/instagram/accounts', { accountId: '17841400000000001', username: 'maya.makes' });
    expect(link.status).toBe(201);
    const ws = new WebSocket(`${two.url.replace('http', 'ws')}/ws/notifications`);
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'authenticate', token: influencer.token, userId: influencer.user.id, timestamp: Date.now() }));
    ws.send(JSON.stringify({ type: 'subscribe', eventTypes: ['comments'], timestamp: Date.now() }));
    await expect.poll(() => frames.map((f) => f.type)).toContain('subscription_confirmed');
    const socketOnTwo = await connect(two.url, influencer);
    const viaSocket = nextEvent(socketOnTwo, 'webhook:event');
    const body = JSON.stringify({
      object: 'instagram',
      entry: [{ id: '17841400000000001', time: 1, changes: [{ field: 'comments', value: { id: `c-${Date.now()}`, text: 'love this', from: { id: '99', username: 'fan' } } }] }],
    });
    const sig = createHmac('sha256', APP_SECRET).update(body).digest('hex');
    const res = await fetch(`${one.url}/api/webhooks/instagram`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${sig}` } });
    expect(res.status).toBe(200);
    await expect.poll(() => frames.find((f) => f.type === 'webhook_event')?.payload?.content, { timeout: 5000 }).toBe('love this');
    expect((await viaSocket).content).toBe('love this');
    ws.close();
  });

  it('signs a user out everywhere from one process: the other closes its sockets and refuses the token at once', async () => {
    const user = await createUser(one.url, 'brand');
    const onTwo = await connect(two.url, user);
    // The second process has read the user's generation and would trust it for a while.
    expect((await api(two.url, user.token).get('/api/users/me')).status).toBe(200);
    const ws = new WebSocket(`${two.url.replace('http', 'ws')}/ws/notifications`);
    const frames: any[] = [];
    ws.on('message', (d) => frames.push(JSON.parse(d.toString())));
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    await new Promise((r) => ws.on('open', r));
    ws.send(JSON.stringify({ type: 'authenticate', token: user.token, timestamp: Date.now() }));
    await expect.poll(() => frames.map((f) => f.type)).toContain('auth_success');

    const gone = nextEvent<string>(onTwo, 'disconnect');
    expect((await api(one.url, user.token).post('/api/auth/sign-out-everywhere')).status).toBe(204);
    expect(await gone).toBe('io server disconnect');
    expect(await closed).toBe(1008);
    expect(frames.at(-1)).toMatchObject({ type: 'auth_failed', reason: 'Session ended' });
    expect((await api(two.url, user.token).get('/api/users/me')).status).toBe(401);
    await expect(connectChat(two.url, { token: user.token })).rejects.toThrow('unauthorized');
  });

  it('closes the live connections of a session ended without a message (its process died before publishing) at the next check', async () => {
    const user = await createUser(one.url, 'influencer');
    const onOne = await connect(one.url, user);
    const onTwo = await connect(two.url, user);
    const gone = [onOne, onTwo].map((s) => nextEvent<string>(s, 'disconnect', 5000));
    // What the endpoint does, minus the publish: the generation moves on in the database only.
    const sql = postgresClient(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await sql`update users set session_generation = session_generation + 1 where id = ${user.user.id}`;
    } finally {
      await sql.end({ timeout: 5 });
    }
    expect(await Promise.all(gone)).toEqual(['io server disconnect', 'io server disconnect']);
    for (const p of [one, two]) expect((await api(p.url, user.token).get('/api/users/me')).status).toBe(401);
  });

  it('brings back online the users of a process that stood still past the expiry, once it runs again', async () => {
    const sleeper = await createUser(one.url, 'influencer');
    await api(one.url, brand.token).post('/api/requests', { influencerId: sleeper.user.id, title: 'Contact', brief: 'b', budget: { amount: 0, currency: 'EUR' } });
    const watcher = await connect(one.url, brand);
    const online: any[] = [];
    const offline: any[] = [];
    watcher.on('user:online', (p) => online.push(p));
    watcher.on('user:offline', (p) => offline.push(p));
    const tab = await connect(two.url, sleeper);
    await expect.poll(() => online.filter((p) => p.userId === sleeper.user.id).length).toBe(1);
    // Process two stands still (a long pause): its sockets lapse and process one sweeps them.
    two.child.kill('SIGSTOP');
    try {
      await expect.poll(() => offline.find((p) => p.userId === sleeper.user.id), { timeout: TTL_MS * 4 + 3000 }).toBeDefined();
    } finally {
      two.child.kill('SIGCONT');
    }
    // Its socket never closed: once two runs again, the user is online again for everyone.
    await expect.poll(() => online.filter((p) => p.userId === sleeper.user.id).length, { timeout: TTL_MS * 4 + 3000 }).toBe(2);
    expect((await ack(watcher, 'user:check:online', { userId: sleeper.user.id })).data).toMatchObject({ isOnline: true });
    expect(tab.connected).toBe(true);
  }, 30_000);

  it('takes the users of a killed process offline for the others within the expiry', async () => {
    const lonely = await createUser(one.url, 'influencer');
    // Make them contacts: a request links them.
    await api(one.url, brand.token).post('/api/requests', { influencerId: lonely.user.id, title: 'Contact', brief: 'b', budget: { amount: 0, currency: 'EUR' } });
    const watcher = await connect(one.url, brand);
    const online = nextEvent(watcher, 'user:online');
    const victim = await connectChat(two.url, { token: lonely.token });
    await online;
    const offline: any[] = [];
    watcher.on('user:offline', (p) => offline.push(p));
    await two.stop('SIGKILL');
    victim.close();
    await expect.poll(() => offline.find((p) => p.userId === lonely.user.id), { timeout: TTL_MS * 4 + 3000 }).toMatchObject({ lastSeenAt: expect.any(String) });
    const check = await ack(watcher, 'user:check:online', { userId: lonely.user.id });
    expect(check.data).toMatchObject({ isOnline: false, lastSeenAt: expect.any(String) });
  }, 30_000);
});
