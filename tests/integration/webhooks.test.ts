import { count, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { notifications, webhookEvents } from '@/db/schema';
import { api, connectChat, createUser, nextEvent, type ChatClient, type TestUser } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/test-server';
import {
  TEST_APP_SECRET,
  TEST_VERIFY_TOKEN,
  commentPayload,
  hubSignature,
  mentionPayload,
  messagePayload,
  metaId,
  postWebhook,
} from '../helpers/webhooks';
import { openNotificationsClient, type NotificationsClient } from '../helpers/ws-client';

let server: TestServer;
let owner: TestUser;
let stranger: TestUser;
const open: { close(): void }[] = [];

beforeAll(async () => {
  server = await startTestServer({ INSTAGRAM_APP_SECRET: TEST_APP_SECRET, INSTAGRAM_WEBHOOK_VERIFY_TOKEN: TEST_VERIFY_TOKEN });
  [owner, stranger] = await Promise.all([createUser(server.url, 'influencer'), createUser(server.url, 'influencer')]);
});
afterEach(() => {
  open.splice(0).forEach((c) => c.close());
});
afterAll(async () => {
  await server?.close();
});

const db = () => server.app.services.db;
const storedEvents = async () => Number((await db().select({ n: count() }).from(webhookEvents))[0]!.n);

async function linkAccount(user: TestUser, accountId = metaId(), username = `ig_${accountId.slice(-6)}`) {
  const res = await api(server.url, user.token).post('/api/instagram/accounts', { accountId, username });
  expect(res.status).toBe(201);
  return accountId;
}

async function chat(user: TestUser): Promise<ChatClient> {
  const c = await connectChat(server.url, { token: user.token });
  open.push(c);
  return c;
}

async function wsClient(user: TestUser, eventTypes?: string[]): Promise<NotificationsClient> {
  const c = openNotificationsClient(server.url);
  open.push(c);
  await c.ready(user.token, eventTypes);
  return c;
}

/** Records every event a socket receives, to prove that nothing arrived. */
function recordAll(socket: ChatClient): string[] {
  const seen: string[] = [];
  socket.onAny((event: string) => seen.push(event));
  return seen;
}

describe('[WEBHOOKS] verification handshake', () => {
  it('echoes the challenge as text/plain when the verify token matches', async () => {
    const res = await fetch(
      `${server.url}/api/webhooks/instagram?hub.mode=subscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toBe('1158201444');
  });

  it('answers 403 for a wrong token, a wrong mode or no parameters', async () => {
    for (const query of [
      `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`,
      `hub.mode=unsubscribe&hub.verify_token=${TEST_VERIFY_TOKEN}&hub.challenge=1`,
      `hub.mode=subscribe&hub.challenge=1`,
      '',
    ]) {
      const res = await fetch(`${server.url}/api/webhooks/instagram?${query}`);
      expect(res.status, query).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
  });
});

describe('[WEBHOOKS] signatures', () => {
  it('accepts a body signed over its exact bytes', async () => {
    const accountId = metaId();
    const res = await postWebhook(server.url, commentPayload(accountId, metaId()));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, stored: 1, delivered: 0 });
  });

  it('answers 401 and stores nothing for a bad, malformed or missing signature', async () => {
    const body = JSON.stringify(commentPayload(metaId(), metaId()));
    const before = await storedEvents();
    const cases: (string | null)[] = [
      null,
      hubSignature(body, 'another-secret'),
      hubSignature(`${body} `),
      `sha1=${hubSignature(body).slice(7)}`,
      hubSignature(body).slice(0, -2),
      'sha256=',
      `sha256=${'z'.repeat(64)}`,
    ];
    for (const signature of cases) {
      const res = await postWebhook(server.url, body, { signature });
      expect(res.status, String(signature)).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
    }
    expect(await storedEvents()).toBe(before);
  });

  it('refuses the same JSON re-serialised with different bytes', async () => {
    const payload = commentPayload(metaId(), metaId());
    const signedBytes = JSON.stringify(payload);
    const reserialised = JSON.stringify(payload, null, 2);
    expect(JSON.parse(reserialised)).toEqual(JSON.parse(signedBytes));
    const before = await storedEvents();
    const res = await postWebhook(server.url, reserialised, { signature: hubSignature(signedBytes) });
    expect(res.status).toBe(401);
    expect(await storedEvents()).toBe(before);
  });

  it('refuses a body over the size limit with 413 payload_too_large', async () => {
    const huge = JSON.stringify({ object: 'instagram', entry: [], padding: 'x'.repeat(1_100_000) });
    const res = await postWebhook(server.url, huge);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers a signed body that is not JSON with 400 invalid_input', async () => {
    const res = await postWebhook(server.url, '{"object":"instagram",');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_input');
  });
});

describe('[WEBHOOKS] odd but signed payloads', () => {
  it('skips what it cannot normalise, keeps the rest, and answers 200', async () => {
    const accountId = metaId();
    const goodId = metaId();
    const before = await storedEvents();
    const res = await postWebhook(server.url, {
      object: 'instagram',
      entry: [
        null,
        'entry',
        { time: 1 },
        { id: { nested: true }, changes: [] },
        {
          id: accountId,
          time: 'not a time',
          changes: [
            null,
            { field: 'comments' },
            { field: 'comments', value: { text: 'no id' } },
            { field: 'story_insights', value: { media_id: '1', impressions: 3 } },
            { field: 'mentions', value: {} },
            { field: 'comments', value: { id: goodId, text: 42, from: 'nobody' } },
          ],
          messaging: [
            { sender: { id: '1' }, read: { mid: 'abc' } },
            { sender: { id: '1' }, message: { text: 'no mid' } },
            { message: { mid: 'm_no_sender', text: 'x' } },
            'message',
          ],
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, stored: 1 });
    expect(await storedEvents()).toBe(before + 1);
    const [row] = await db().select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId));
    expect(row!.payload).toMatchObject({ id: goodId, eventType: 'comments', sender: { id: '', username: null }, content: '' });
  });

  it('answers 200 to JSON that is not Meta’s shape at all', async () => {
    for (const body of [[], {}, { object: 'instagram' }, { object: 'instagram', entry: 'x' }, { object: 'page', entry: [] }, 'null', '7']) {
      const res = await postWebhook(server.url, body);
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.body.received).toBe(0);
    }
  });
});

describe('[WEBHOOKS] routing to the owner', () => {
  it('pushes a comment to its owner over Socket.IO, ws and a notification, and to no one else', async () => {
    const accountId = await linkAccount(owner);
    const [ownerSocket, strangerSocket] = await Promise.all([chat(owner), chat(stranger)]);
    const [ownerWs, strangerWs] = await Promise.all([wsClient(owner), wsClient(stranger)]);
    const strangerSeen = recordAll(strangerSocket);

    const commentId = metaId();
    const gotEvent = nextEvent(ownerSocket, 'webhook:event');
    const gotNotification = nextEvent(ownerSocket, 'notification:new');
    const res = await postWebhook(server.url, commentPayload(accountId, commentId, 'Great post!'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ received: 1, stored: 1, delivered: 1 });

    const expected = {
      id: commentId,
      eventType: 'comments',
      sender: { id: '9988776655', username: 'fan.account' },
      content: 'Great post!',
      timestamp: new Date(1_760_000_000 * 1000).toISOString(),
      accountId,
    };
    expect(await gotEvent).toEqual(expected);
    const frame = await ownerWs.next();
    expect(frame).toEqual({ type: 'webhook_event', payload: expected, timestamp: expect.any(Number) });
    const { notification } = await gotNotification;
    expect(notification).toMatchObject({ kind: 'instagram', payload: expected, readAt: null });

    await strangerWs.expectSilence(300);
    expect(strangerSeen).toEqual([]);
  });

  it('normalises direct messages (id = mid), mentions and live comments', async () => {
    const accountId = await linkAccount(owner);
    const socket = await chat(owner);
    const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDAxOTg4NzY2NjI1OjM0MDI4MjM2Njg0MTcxMDMwMTI0NDI1OTk4NTc5MjY0MTc0OTY3NjoyNjU0NDkxNTI0MTgwMjQzODc1MDE5MTM5NTgxMjg0MzQ4MAZDZD${metaId()}`;
    const message = nextEvent(socket, 'webhook:event');
    await postWebhook(server.url, messagePayload(accountId, mid, 'Partnership?'));
    expect(await message).toEqual({
      id: mid,
      eventType: 'messages',
      sender: { id: '5544332211', username: null },
      content: 'Partnership?',
      timestamp: new Date(1_760_000_002_123).toISOString(),
      accountId,
    });

    const commentId = metaId();
    const mention = nextEvent(socket, 'webhook:event');
    await postWebhook(server.url, mentionPayload(accountId, commentId));
    expect(await mention).toMatchObject({ id: commentId, eventType: 'mentions', accountId });

    const liveId = metaId();
    const live = nextEvent(socket, 'webhook:event');
    await postWebhook(server.url, commentPayload(accountId, liveId, 'Hi from the live', 'live_comments'));
    expect(await live).toMatchObject({ id: liveId, eventType: 'live_comments', content: 'Hi from the live' });
  });

  it('stores events of an unlinked account and pushes them to no one', async () => {
    const [ownerSocket, strangerSocket] = await Promise.all([chat(owner), chat(stranger)]);
    const seen = [...recordAll(ownerSocket), ...recordAll(strangerSocket)];
    const ownerWs = await wsClient(owner);
    const accountId = metaId();
    const res = await postWebhook(server.url, commentPayload(accountId, metaId()));
    expect(res.body).toMatchObject({ stored: 1, delivered: 0 });
    const rows = await db().select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId));
    expect(rows).toHaveLength(1);
    await ownerWs.expectSilence(300);
    expect(seen).toEqual([]);
  });

  it('delivers a redelivered event once and stores it once', async () => {
    const accountId = await linkAccount(owner);
    const socket = await chat(owner);
    const ws = await wsClient(owner);
    const events: unknown[] = [];
    socket.on('webhook:event', (e) => events.push(e));
    const commentId = metaId();
    const body = commentPayload(accountId, commentId);

    const first = await postWebhook(server.url, body);
    expect(first.body).toMatchObject({ stored: 1, delivered: 1 });
    expect((await ws.next()).payload.id).toBe(commentId);
    // Meta retries; the same event may also come back inside a larger batch.
    const again = await postWebhook(server.url, body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ received: 1, stored: 0, delivered: 0 });
    const doubled = commentPayload(accountId, commentId);
    doubled.entry[0]!.changes.push(doubled.entry[0]!.changes[0]!);
    expect((await postWebhook(server.url, doubled)).body).toMatchObject({ received: 2, stored: 0 });

    await ws.expectSilence(300);
    expect(events).toHaveLength(1);
    const rows = await db().select().from(webhookEvents).where(eq(webhookEvents.accountId, accountId));
    expect(rows).toHaveLength(1);
    const stored = await db().select().from(notifications).where(eq(notifications.userId, owner.user.id));
    expect(stored.filter((n) => n.payload.id === commentId)).toHaveLength(1);
  });

  it('stores two copies of one event sent at the same moment once', async () => {
    const accountId = await linkAccount(owner);
    const body = JSON.stringify(messagePayload(accountId, `m_${metaId()}`));
    const results = await Promise.all(Array.from({ length: 4 }, () => postWebhook(server.url, body)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.reduce((sum, r) => sum + r.body.stored, 0)).toBe(1);
  });

  it('pushes over ws only the event types the client subscribed to', async () => {
    const accountId = await linkAccount(owner);
    const socket = await chat(owner);
    const ws = await wsClient(owner, ['messages']);
    const comment = nextEvent(socket, 'webhook:event');
    await postWebhook(server.url, commentPayload(accountId, metaId()));
    expect((await comment).eventType).toBe('comments');
    await ws.expectSilence(300);

    const mid = `m_${metaId()}`;
    await postWebhook(server.url, messagePayload(accountId, mid));
    expect(await ws.next()).toMatchObject({ type: 'webhook_event', payload: { id: mid, eventType: 'messages' } });

    ws.send({ type: 'unsubscribe', eventTypes: ['messages'], timestamp: Date.now() });
    expect(await ws.next()).toMatchObject({ type: 'subscription_confirmed', eventTypes: [] });
    await postWebhook(server.url, messagePayload(accountId, `m_${metaId()}`));
    await ws.expectSilence(300);
  });

  it('stops pushing to a user once they unlink the account', async () => {
    const accountId = await linkAccount(owner);
    const ws = await wsClient(owner);
    expect((await api(server.url, owner.token).del(`/api/instagram/accounts/${accountId}`)).status).toBe(204);
    const res = await postWebhook(server.url, commentPayload(accountId, metaId()));
    expect(res.body).toMatchObject({ stored: 1, delivered: 0 });
    await ws.expectSilence(300);
  });
});

describe('[INSTAGRAM] linked accounts', () => {
  it('links, lists and unlinks the caller’s accounts', async () => {
    const me = await createUser(server.url, 'influencer');
    const client = api(server.url, me.token);
    const accountId = metaId();
    const linked = await client.post('/api/instagram/accounts', { accountId, username: '@maya.creates' });
    expect(linked.status).toBe(201);
    expect(linked.body.account).toEqual({ accountId, username: 'maya.creates', createdAt: expect.any(String) });
    const listed = await client.get('/api/instagram/accounts');
    expect(listed.body.accounts).toEqual([linked.body.account]);
    expect((await client.del(`/api/instagram/accounts/${accountId}`)).status).toBe(204);
    expect((await client.get('/api/instagram/accounts')).body.accounts).toEqual([]);
    expect((await client.del(`/api/instagram/accounts/${accountId}`)).status).toBe(404);
  });

  it('is idempotent for the same owner and a conflict for anyone else', async () => {
    const accountId = metaId();
    const mine = api(server.url, owner.token);
    expect((await mine.post('/api/instagram/accounts', { accountId, username: 'first' })).status).toBe(201);
    const again = await mine.post('/api/instagram/accounts', { accountId, username: 'renamed' });
    expect(again.status).toBe(200);
    expect(again.body.account).toMatchObject({ accountId, username: 'renamed' });
    const taken = await api(server.url, stranger.token).post('/api/instagram/accounts', { accountId, username: 'thief' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
    expect((await api(server.url, stranger.token).del(`/api/instagram/accounts/${accountId}`)).status).toBe(404);
    expect((await api(server.url, stranger.token).get('/api/instagram/accounts')).body.accounts).toEqual([]);
  });

  it('refuses bad input with invalid_input and anonymous callers with 401', async () => {
    const client = api(server.url, owner.token);
    for (const body of [{}, { accountId: '', username: 'x' }, { accountId: '1', username: '' }, { accountId: 'a b', username: 'x' }, { accountId: '1', username: 'has space' }]) {
      const res = await client.post('/api/instagram/accounts', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    expect((await client.post('/api/instagram/accounts', 'not json')).status).toBe(400);
    expect((await api(server.url).post('/api/instagram/accounts', { accountId: '1', username: 'x' })).status).toBe(401);
    expect((await api(server.url).get('/api/instagram/accounts')).status).toBe(401);
  });
});

describe('[NOTIFICATIONS] REST', () => {
  it('pages newest first with an unread count, and marks one or all read', async () => {
    const me = await createUser(server.url, 'influencer');
    const accountId = await linkAccount(me);
    const client = api(server.url, me.token);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = metaId();
      ids.push(id);
      await postWebhook(server.url, commentPayload(accountId, id, `comment ${i}`));
    }
    const first = await client.get('/api/notifications?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.unreadCount).toBe(5);
    expect(first.body.notifications.map((n: any) => n.payload.id)).toEqual([ids[4], ids[3]]);
    const second = await client.get(`/api/notifications?limit=2&cursor=${first.body.nextCursor}`);
    const third = await client.get(`/api/notifications?limit=2&cursor=${second.body.nextCursor}`);
    expect(second.body.notifications.map((n: any) => n.payload.id)).toEqual([ids[2], ids[1]]);
    expect(third.body.notifications.map((n: any) => n.payload.id)).toEqual([ids[0]]);
    expect(third.body.nextCursor).toBeNull();

    const one = await client.post('/api/notifications/read', { ids: [first.body.notifications[0].id] });
    expect(one.body).toEqual({ unreadCount: 4 });
    expect((await client.get('/api/notifications?limit=1')).body.notifications[0].readAt).toEqual(expect.any(String));
    // Someone else's ids change nothing for them.
    const other = await api(server.url, stranger.token).post('/api/notifications/read', { ids: [second.body.notifications[0].id] });
    expect(other.status).toBe(200);
    expect((await client.get('/api/notifications')).body.unreadCount).toBe(4);
    // "Mark all read" up to what the reader saw leaves a newer one unread.
    const newer = metaId();
    await postWebhook(server.url, commentPayload(accountId, newer));
    const upTo = await client.post('/api/notifications/read', { upTo: first.body.notifications[0].id });
    expect(upTo.body).toEqual({ unreadCount: 1 });
    const latest = (await client.get('/api/notifications?limit=1')).body.notifications[0];
    expect(latest).toMatchObject({ readAt: null, payload: { id: newer } });
    expect((await client.post('/api/notifications/read', {})).body).toEqual({ unreadCount: 0 });
  });

  it('refuses bad queries and bodies with invalid_input and anonymous callers with 401', async () => {
    const client = api(server.url, owner.token);
    for (const path of ['/api/notifications?limit=0', '/api/notifications?limit=51', '/api/notifications?limit=x', '/api/notifications?cursor=nope']) {
      const res = await client.get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    for (const body of [{ ids: 'all' }, { ids: ['not-a-uuid'] }, { ids: [1] }, { upTo: 'latest' }]) {
      const res = await client.post('/api/notifications/read', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect((await api(server.url).get('/api/notifications')).status).toBe(401);
    expect((await api(server.url).post('/api/notifications/read', {})).status).toBe(401);
  });
});
