import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat, createUser, nextEvent, type ChatClient } from '../helpers/clients';
import { collect, createPair, eventually, sleep, type Pair } from '../helpers/chat';
import { startTestServer, type TestServer } from '../helpers/test-server';
import { sql } from 'drizzle-orm';
import { collaborationRequests } from '@/db/schema';
import { openConversation } from '@/lib/chat/open-conversation';

let server: TestServer;
const open: ChatClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_MESSAGES_PER_SEC: '1000', RATE_LIMIT_MESSAGES_BURST: '1000' });
});
afterEach(() => {
  open.splice(0).forEach((s) => s.close());
});
afterAll(async () => {
  await server?.close();
});

async function connect(token: string, transports?: ('websocket' | 'polling')[]) {
  const socket = await connectChat(server.url, { token, ...(transports ? { transports } : {}) });
  open.push(socket);
  return socket;
}

function emitAck<T = any>(socket: ChatClient, event: string, payload: unknown): Promise<T> {
  return new Promise((resolve) => (socket.emit as any)(event, payload, resolve));
}

async function joined(token: string, conversationId: string, transports?: ('websocket' | 'polling')[]) {
  const socket = await connect(token, transports);
  const ack = await emitAck(socket, 'conversation:join', { conversationId });
  expect(ack).toEqual({ ok: true, data: { conversationId, room: `conversation:${conversationId}` } });
  return socket;
}

describe('[CHAT] joining and leaving', () => {
  it('lets participants join and leave and refuses strangers with forbidden', async () => {
    const { brand, conversationId } = await createPair(server);
    const stranger = await createUser(server.url, 'influencer');
    const socket = await connect(brand.token);
    const joinedEvent = nextEvent(socket, 'conversation:joined');
    await emitAck(socket, 'conversation:join', { conversationId });
    expect(await joinedEvent).toEqual({ conversationId, room: `conversation:${conversationId}` });
    const leftEvent = nextEvent(socket, 'conversation:left');
    expect(await emitAck(socket, 'conversation:leave', { conversationId })).toEqual({ ok: true, data: { conversationId } });
    expect(await leftEvent).toEqual({ conversationId });

    const outsider = await connect(stranger.token);
    const error = nextEvent(outsider, 'error');
    const ack = await emitAck(outsider, 'conversation:join', { conversationId });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await error).toMatchObject({ code: 'forbidden', message: expect.any(String) });
    const bad = await emitAck(outsider, 'conversation:join', { conversationId: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('[CHAT] sending', () => {
  it('delivers message:sent to the sender, message:new to the room but the sending socket, message:notification outside it', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const sender = await joined(brand.token, conversationId);
    const senderOtherTab = await joined(brand.token, conversationId);
    const recipientInRoom = await joined(influencer.token, conversationId);
    const recipientInbox = await connect(influencer.token);

    const senderNew = collect(sender, 'message:new');
    const recipientInboxNew = collect(recipientInbox, 'message:new');
    const inRoomNotifications = collect(recipientInRoom, 'message:notification');
    const sent = nextEvent(sender, 'message:sent');
    const otherTab = nextEvent(senderOtherTab, 'message:new');
    const delivered = nextEvent(recipientInRoom, 'message:new');
    const notified = nextEvent(recipientInbox, 'message:notification');

    const ack = await emitAck(sender, 'message:send', { conversationId, content: '  Hello <b>there</b>  ', tempId: 't-1' });
    expect(ack.ok).toBe(true);
    const message = ack.data.message;
    expect(message).toMatchObject({
      seq: 1,
      conversationId,
      sender: { id: brand.user.id, role: 'brand' },
      senderType: 'brand',
      messageType: 'text',
      content: 'Hello <b>there</b>',
      tempId: 't-1',
      attachmentUrl: null,
      isRead: false,
    });
    expect(message.id).toEqual(expect.any(Number));
    expect(new Date(message.createdAt).toISOString()).toBe(message.createdAt);
    expect(await sent).toEqual({ tempId: 't-1', message });
    expect(await otherTab).toEqual(message);
    expect(await delivered).toEqual(message);
    expect(await notified).toEqual({ conversationId, message });
    await sleep(150);
    expect(senderNew).toHaveLength(0);
    expect(recipientInboxNew).toHaveLength(0);
    expect(inRoomNotifications).toHaveLength(0);
  });

  it('refuses bad sends with message:error and the right code, and stays connected', async () => {
    const { brand, conversationId } = await createPair(server);
    const other = await createPair(server);
    const socket = await joined(brand.token, conversationId);
    const cases: [unknown, string][] = [
      [{ conversationId, content: '   ' }, 'invalid_input'],
      [{ conversationId, content: 'x'.repeat(4001) }, 'invalid_input'],
      [{ conversationId: 'not-a-uuid', content: 'hi' }, 'invalid_input'],
      [{ conversationId, content: 42 }, 'invalid_input'],
      [{ conversationId, content: 'hi', tempId: 'x'.repeat(65) }, 'invalid_input'],
      [['array'], 'invalid_input'],
      [null, 'invalid_input'],
      [{ conversationId: other.conversationId, content: 'not mine' }, 'forbidden'],
      [{ conversationId, content: 'hi', attachmentId: '00000000-0000-4000-8000-000000000000' }, 'invalid_input'],
    ];
    for (const [payload, code] of cases) {
      const errorEvent = nextEvent(socket, 'message:error');
      const ack = await emitAck(socket, 'message:send', payload);
      expect(ack, JSON.stringify(payload)?.slice(0, 80)).toMatchObject({ ok: false, error: { code } });
      const tempId = payload && typeof payload === 'object' && 'tempId' in payload ? (payload as any).tempId : null;
      expect(await errorEvent).toMatchObject({ error: { code }, tempId });
    }
    expect((await emitAck(socket, 'message:send', { conversationId, content: 'x'.repeat(4000) })).ok).toBe(true);
    expect(socket.connected).toBe(true);
  });

  it('a retried send with one tempId stores one message, over sockets and REST alike', async () => {
    const { brand, conversationId } = await createPair(server);
    const socket = await joined(brand.token, conversationId);
    const payload = { conversationId, content: 'once', tempId: 'retry-me' };
    const results = await Promise.all([emitAck(socket, 'message:send', payload), emitAck(socket, 'message:send', payload)]);
    const again = await emitAck(socket, 'message:send', payload);
    const rest = await api(server.url, brand.token).post('/api/chat/messages', payload);
    expect(rest.status).toBe(200);
    const ids = new Set([...results, again].map((r) => r.data.message.id).concat(rest.body.message.id));
    expect(ids.size).toBe(1);
    const history = await api(server.url, brand.token).get(`/api/chat/conversations/${conversationId}/messages`);
    expect(history.body.messages).toHaveLength(1);

    const elsewhere = await createPair(server);
    const mine = await createPair(server);
    void elsewhere;
    const conflict = await api(server.url, mine.brand.token).post('/api/chat/messages', { conversationId: mine.conversationId, content: 'a', tempId: 'dup' });
    expect(conflict.status).toBe(201);
    const db = server.app.services.db;
    const { openConversation } = await import('@/lib/chat/open-conversation');
    const second = await db.transaction((tx) => openConversation(tx, mine.brand.user.id, elsewhere.influencer.user.id));
    const clash = await api(server.url, mine.brand.token).post('/api/chat/messages', { conversationId: second.conversation.id, content: 'a', tempId: 'dup' });
    expect(clash.status).toBe(409);
    expect(clash.body.error.code).toBe('conflict');
  });

  it('60 concurrent sends from both sides get seq 1..60 with no gap, in id order', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const a = await joined(brand.token, conversationId);
    const b = await joined(influencer.token, conversationId);
    const sends = Array.from({ length: 60 }, (_, i) =>
      emitAck(i % 2 ? a : b, 'message:send', { conversationId, content: `m${i}`, tempId: `c-${i}` }),
    );
    const acks = await Promise.all(sends);
    expect(acks.every((r) => r.ok)).toBe(true);
    const seqs = acks.map((r) => r.data.message.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const page = await api(server.url, brand.token).get(`/api/chat/conversations/${conversationId}/messages?limit=100`);
    expect(page.body.messages.map((m: any) => m.seq)).toEqual(seqs);
    const ids = page.body.messages.map((m: any) => m.id);
    expect([...ids].sort((x: number, y: number) => x - y)).toEqual(ids);
  });

  it('stores any text exactly: quotes, backslashes, placeholders, SQL and non-Latin scripts round-trip unchanged', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const socket = await joined(brand.token, conversationId);
    const tricky = [`it's "quoted" \\ back\\slash \\' end'`, `'); drop table messages; --`, '$1 $2::int ?', 'Ünïcödé 日本語 עברית 🚀', '\\x00 \\n literal'];
    for (const [n, content] of tricky.entries()) {
      const ack = await emitAck(socket, 'message:send', { conversationId, content, tempId: `q'${n}"\\` });
      expect(ack.ok, content).toBe(true);
      expect(ack.data.message.content).toBe(content);
      expect(ack.data.message.tempId).toBe(`q'${n}"\\`);
    }
    const page = await api(server.url, influencer.token).get(`/api/chat/conversations/${conversationId}/messages`);
    expect(page.body.messages.map((m: any) => m.content)).toEqual(tricky);
  });

  it('works over the long-polling transport', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const sender = await joined(brand.token, conversationId, ['polling']);
    const receiver = await joined(influencer.token, conversationId, ['polling']);
    expect(sender.io.engine.transport.name).toBe('polling');
    const got = nextEvent(receiver, 'message:new');
    const ack = await emitAck(sender, 'message:send', { conversationId, content: 'over polling' });
    expect(ack.ok).toBe(true);
    expect((await got).content).toBe('over polling');
  });

  it('POST /api/chat/messages has the same real-time effects as message:send', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const receiver = await joined(influencer.token, conversationId);
    const got = nextEvent(receiver, 'message:new');
    const res = await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'via REST', tempId: 'r1' });
    expect(res.status).toBe(201);
    expect(await got).toEqual(res.body.message);
    const stranger = await createUser(server.url, 'brand');
    expect((await api(server.url, stranger.token).post('/api/chat/messages', { conversationId, content: 'x' })).status).toBe(403);
    expect((await api(server.url, brand.token).post('/api/chat/messages', '{bad', { 'content-type': 'application/json' })).body.error.code).toBe('invalid_input');
  });
});

describe('[CHAT] history, reads and unread counts', () => {
  it('pages history with beforeSeq, afterSeq and limit', async () => {
    const { brand, conversationId } = await createPair(server);
    const client = api(server.url, brand.token);
    const url = `/api/chat/conversations/${conversationId}/messages`;
    // A member of a conversation without messages gets an empty page, not a refusal.
    expect((await client.get(url)).body).toEqual({ messages: [], hasMore: false });
    for (let i = 1; i <= 7; i++) await client.post('/api/chat/messages', { conversationId, content: `n${i}` });
    const latest = await client.get(`${url}?limit=3`);
    expect(latest.body.messages.map((m: any) => m.seq)).toEqual([5, 6, 7]);
    expect(latest.body.hasMore).toBe(true);
    const before = await client.get(`${url}?limit=3&beforeSeq=5`);
    expect(before.body.messages.map((m: any) => m.seq)).toEqual([2, 3, 4]);
    const first = await client.get(`${url}?limit=3&beforeSeq=2`);
    expect(first.body).toMatchObject({ hasMore: false });
    expect(first.body.messages.map((m: any) => m.seq)).toEqual([1]);
    const after = await client.get(`${url}?afterSeq=5`);
    expect(after.body.messages.map((m: any) => m.seq)).toEqual([6, 7]);
    expect(after.body.hasMore).toBe(false);
    expect((await client.get(`${url}?afterSeq=7`)).body).toEqual({ messages: [], hasMore: false });
    expect((await client.get(`${url}?beforeSeq=1`)).body).toEqual({ messages: [], hasMore: false });
    expect((await client.get(`${url}?afterSeq=2&beforeSeq=6&limit=2`)).body).toMatchObject({ messages: [{ seq: 3 }, { seq: 4 }], hasMore: true });
    expect((await client.get(`${url}?limit=500`)).body.error.code).toBe('invalid_input');
    expect((await client.get(`/api/chat/conversations/not-a-uuid/messages`)).status).toBe(400);
    const stranger = await createUser(server.url, 'brand');
    expect((await api(server.url, stranger.token).get(url)).status).toBe(403);
  });

  it('pages both parties\' messages, in either direction, as each send returned them', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const sent: any[] = [];
    for (let i = 1; i <= 6; i++) {
      const author = i % 3 === 0 ? influencer : brand;
      sent.push((await api(server.url, author.token).post('/api/chat/messages', { conversationId, content: `m${i}` })).body.message);
    }
    // Sending reads everything before it: a message is read once the other party has sent after it.
    const expected = sent.map((m) => ({ ...m, isRead: sent.some((o) => o.sender.id !== m.sender.id && o.seq > m.seq) }));
    const url = `/api/chat/conversations/${conversationId}/messages`;
    const client = api(server.url, influencer.token);
    expect((await client.get(`${url}?limit=4`)).body).toEqual({ messages: expected.slice(2), hasMore: true });
    expect((await client.get(`${url}?limit=4&beforeSeq=3`)).body).toEqual({ messages: expected.slice(0, 2), hasMore: false });
    expect((await client.get(`${url}?afterSeq=1&limit=3`)).body).toEqual({ messages: expected.slice(1, 4), hasMore: true });
    expect((await client.get(`${url}?afterSeq=3&beforeSeq=6`)).body).toEqual({ messages: expected.slice(3, 5), hasMore: false });
  });

  it('read receipts reach both sides, set isRead and clear unread counts', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const brandSocket = await joined(brand.token, conversationId);
    const influencerSocket = await joined(influencer.token, conversationId);
    const m1 = (await emitAck(brandSocket, 'message:send', { conversationId, content: 'one' })).data.message;
    const m2 = (await emitAck(brandSocket, 'message:send', { conversationId, content: 'two' })).data.message;

    const unread = await api(server.url, influencer.token).get('/api/chat/unread-count');
    expect(unread.body).toEqual({ total: 2, byConversation: { [conversationId]: 2 } });
    expect((await api(server.url, brand.token).get('/api/chat/unread-count')).body.total).toBe(0);

    const receipt = nextEvent(brandSocket, 'message:read');
    const success = nextEvent(influencerSocket, 'message:read:success');
    const ack = await emitAck(influencerSocket, 'message:read', { conversationId, messageId: m1.id });
    expect(ack).toEqual({ ok: true, data: { conversationId, messageId: m1.id, lastReadSeq: 1 } });
    expect(await success).toEqual({ conversationId, messageId: m1.id, lastReadSeq: 1 });
    expect(await receipt).toEqual({ conversationId, messageId: m1.id, lastReadSeq: 1, readBy: { userId: influencer.user.id, userType: 'influencer' } });

    const hist = await api(server.url, brand.token).get(`/api/chat/conversations/${conversationId}/messages`);
    expect(hist.body.messages.map((m: any) => m.isRead)).toEqual([true, false]);
    // History builds its JSON in SQL: field for field the message as sent, with the read state of now.
    expect(hist.body.messages).toEqual([{ ...m1, isRead: true }, m2]);
    const theirs = await api(server.url, influencer.token).get(`/api/chat/conversations/${conversationId}/messages?afterSeq=0`);
    expect(theirs.body).toEqual({ messages: [{ ...m1, isRead: true }, m2], hasMore: false });

    const put = await api(server.url, influencer.token).put(`/api/chat/conversations/${conversationId}/read`, {});
    expect(put.body).toEqual({ conversationId, messageId: m2.id, lastReadSeq: 2 });
    // A late receipt for an older message never moves the pointer back.
    const late = await api(server.url, influencer.token).put(`/api/chat/conversations/${conversationId}/read`, { messageId: m1.id });
    expect(late.body.lastReadSeq).toBe(2);
    expect((await api(server.url, influencer.token).get('/api/chat/unread-count')).body).toEqual({ total: 0, byConversation: {} });

    const list = await api(server.url, brand.token).get('/api/chat/conversations');
    const conv = list.body.conversations.find((c: any) => c.id === conversationId);
    expect(conv).toMatchObject({ unreadCount: 0, lastReadSeq: 2, otherLastReadSeq: 2, otherParticipant: { id: influencer.user.id } });
    expect(conv.lastMessage).toMatchObject({ id: m2.id, isRead: true });
    expect(conv.participants.map((p: any) => p.id)).toEqual([brand.user.id, influencer.user.id]);
    expect(JSON.stringify(list.body)).not.toContain(influencer.email);
    // The inbox and GET /conversations/:id are built from one prepared statement; opening the
    // conversation again answers through the Drizzle mapping, field for field the same.
    for (const [token, participantId] of [[brand.token, influencer.user.id], [influencer.token, brand.user.id]] as const) {
      const opened = await api(server.url, token).post('/api/chat/conversations', { participantId });
      expect(opened.status).toBe(200);
      const inbox = await api(server.url, token).get('/api/chat/conversations');
      const single = await api(server.url, token).get(`/api/chat/conversations/${conversationId}`);
      expect(inbox.body.conversations.find((c: any) => c.id === conversationId)).toEqual(opened.body.conversation);
      expect(single.body).toEqual({ conversation: opened.body.conversation });
    }
  });
});

describe('[CHAT] typing', () => {
  it('relays typing to the room except the typist and stops it on typing:stop and on disconnect', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const typist = await joined(brand.token, conversationId);
    const watcher = await joined(influencer.token, conversationId);
    const typistEvents = collect(typist, 'typing:start');
    const start = nextEvent(watcher, 'typing:start');
    await emitAck(typist, 'typing:start', { conversationId });
    expect(await start).toEqual({ conversationId, user: { userId: brand.user.id, userType: 'brand', name: brand.user.name } });
    // Throttled: a burst of typing:start is relayed once.
    const more = collect(watcher, 'typing:start');
    for (let i = 0; i < 5; i++) await emitAck(typist, 'typing:start', { conversationId });
    const stop = nextEvent(watcher, 'typing:stop');
    await emitAck(typist, 'typing:stop', { conversationId });
    expect(await stop).toMatchObject({ conversationId, user: { userId: brand.user.id } });
    expect(more).toHaveLength(0);
    expect(typistEvents).toHaveLength(0);

    await emitAck(typist, 'typing:start', { conversationId });
    const stopOnLeave = nextEvent(watcher, 'typing:stop');
    typist.close();
    expect(await stopOnLeave).toMatchObject({ conversationId });
  });

  it('expires a typing indicator after 6 seconds without a new typing:start', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const typist = await joined(brand.token, conversationId);
    const watcher = await joined(influencer.token, conversationId);
    // From before the send: the server starts its timer before it acknowledges.
    const started = Date.now();
    await emitAck(typist, 'typing:start', { conversationId });
    await nextEvent(watcher, 'typing:stop', 8000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5500);
  }, 15_000);

  it('refuses typing in a conversation the caller is not part of', async () => {
    const { conversationId } = await createPair(server);
    const stranger = await createUser(server.url, 'brand');
    const socket = await connect(stranger.token);
    expect(await emitAck(socket, 'typing:start', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('[CHAT] presence', () => {
  it('announces online to contacts, offline only when the last socket goes, with lastSeenAt', async () => {
    const { brand, influencer } = await createPair(server);
    const watcher = await connect(brand.token);
    const online = nextEvent(watcher, 'user:online');
    const tab1 = await connect(influencer.token);
    expect(await online).toEqual({ userId: influencer.user.id, userType: 'influencer' });
    const tab2 = await connect(influencer.token);
    const offlines = collect(watcher, 'user:offline');
    tab1.close();
    await sleep(200);
    expect(offlines).toHaveLength(0);
    expect((await emitAck(watcher, 'user:check:online', { userId: influencer.user.id })).data).toMatchObject({ isOnline: true, status: 'online' });
    const offline = nextEvent(watcher, 'user:offline');
    tab2.close();
    const gone = await offline;
    expect(gone).toMatchObject({ userId: influencer.user.id, userType: 'influencer', lastSeenAt: expect.any(String) });
    const check = await emitAck(watcher, 'user:check:online', { userId: influencer.user.id });
    expect(check.data).toEqual({ userId: influencer.user.id, userType: 'influencer', isOnline: false, status: 'offline', lastSeenAt: gone.lastSeenAt });
  });

  it('shares away, busy and appear-offline with contacts', async () => {
    const { brand, influencer } = await createPair(server);
    const watcher = await connect(brand.token);
    const online = nextEvent(watcher, 'user:status');
    const me = await connect(influencer.token);
    expect(await online).toMatchObject({ userId: influencer.user.id, status: 'online' });
    const away = nextEvent(watcher, 'user:status');
    await emitAck(me, 'status:update', { status: 'away' });
    expect(await away).toMatchObject({ userId: influencer.user.id, status: 'away' });
    const hidden = nextEvent(watcher, 'user:offline');
    await emitAck(me, 'status:update', { status: 'offline' });
    await hidden;
    const check = await emitAck(watcher, 'user:check:online', { userId: influencer.user.id });
    expect(check.data).toMatchObject({ isOnline: false, status: 'offline' });
    const back = nextEvent(watcher, 'user:online');
    await emitAck(me, 'status:update', { status: 'busy' });
    await back;
    expect((await emitAck(watcher, 'user:check:online', { userId: influencer.user.id })).data).toMatchObject({ isOnline: true, status: 'busy' });
    expect(await emitAck(me, 'status:update', { status: 'sleeping' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('counts a pending request alone, or a conversation alone, as a contact, both ways', async () => {
    const brand = await createUser(server.url, 'brand');
    const requested = await createUser(server.url, 'influencer');
    const talkedTo = await createUser(server.url, 'influencer');
    const db = server.app.services.db;
    await db.insert(collaborationRequests).values({
      brandId: brand.user.id,
      influencerId: requested.user.id,
      title: 'Autumn launch',
      brief: 'Two reels',
      budgetAmount: 10_000,
      currency: 'EUR',
      status: 'pending',
    });
    await db.transaction((tx) => openConversation(tx, brand.user.id, talkedTo.user.id));

    const watcher = await connect(brand.token);
    const online = collect(watcher, 'user:online');
    const requestedSocket = await connect(requested.token);
    const talkedToSocket = await connect(talkedTo.token);
    await eventually(() => expect(online.map((e) => e.userId).sort()).toEqual([requested.user.id, talkedTo.user.id].sort()));
    // The other way: the brand's departure reaches both.
    const offlines = [nextEvent(requestedSocket, 'user:offline'), nextEvent(talkedToSocket, 'user:offline')];
    watcher.close();
    for (const offline of await Promise.all(offlines)) expect(offline).toMatchObject({ userId: brand.user.id, lastSeenAt: expect.any(String) });
  });

  it('keeps presence from strangers', async () => {
    const { influencer } = await createPair(server);
    const stranger = await createUser(server.url, 'brand');
    const socket = await connect(stranger.token);
    const heard = collect(socket, 'user:online');
    await connect(influencer.token);
    const ack = await emitAck(socket, 'user:check:online', { userId: influencer.user.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await sleep(100);
    expect(heard).toHaveLength(0);
  });
});

describe('[CHAT] conversations', () => {
  it('hides a conversation for the caller only, and a new message brings it back', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'before' });
    const del = await api(server.url, influencer.token).del(`/api/chat/conversations/${conversationId}`);
    expect(del.status).toBe(204);
    const ids = async (token: string) => (await api(server.url, token).get('/api/chat/conversations')).body.conversations.map((c: any) => c.id);
    expect(await ids(influencer.token)).not.toContain(conversationId);
    expect(await ids(brand.token)).toContain(conversationId);
    expect((await api(server.url, brand.token).get(`/api/chat/conversations/${conversationId}/messages`)).body.messages).toHaveLength(1);
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'after' });
    expect(await ids(influencer.token)).toContain(conversationId);
    const stranger = await createUser(server.url, 'brand');
    expect((await api(server.url, stranger.token).del(`/api/chat/conversations/${conversationId}`)).status).toBe(404);
  });

  it('tells every socket of the one who hides a conversation, with its last seq, and nobody else', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'one' });
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'two' });
    const tabs = [await connect(influencer.token), await connect(influencer.token)];
    await emitAck(tabs[0]!, 'conversation:join', { conversationId });
    const brandSocket = await connect(brand.token);
    const brandHeard = collect(brandSocket, 'conversation:hidden');
    const heard = tabs.map((tab) => nextEvent(tab, 'conversation:hidden'));
    // Upper case in the path: the event names the conversation as every other event does.
    const del = await api(server.url, influencer.token).del(`/api/chat/conversations/${conversationId.toUpperCase()}`);
    expect(del.status).toBe(204);
    for (const payload of await Promise.all(heard)) expect(payload).toEqual({ conversationId, lastSeq: 2 });
    await sleep(100);
    expect(brandHeard).toHaveLength(0);
    // Refused: no event.
    const stranger = await createUser(server.url, 'influencer');
    const strangerSocket = await connect(stranger.token);
    const strangerHeard = collect(strangerSocket, 'conversation:hidden');
    expect((await api(server.url, stranger.token).del(`/api/chat/conversations/${conversationId}`)).status).toBe(404);
    await sleep(100);
    expect(strangerHeard).toHaveLength(0);
  });

  it('lists conversations by latest activity', async () => {
    const brand = await createUser(server.url, 'brand');
    const p1 = await createPair(server);
    const p2 = await createPair(server);
    void brand;
    await api(server.url, p1.brand.token).post('/api/chat/messages', { conversationId: p1.conversationId, content: 'x' });
    await api(server.url, p2.brand.token).post('/api/chat/messages', { conversationId: p2.conversationId, content: 'y' });
    const list = await api(server.url, p1.brand.token).get('/api/chat/conversations');
    expect(list.body.conversations[0]).toMatchObject({ id: p1.conversationId, lastMessage: { content: 'x' }, unreadCount: 0 });
  });

  it('pages through the inbox by latest activity: each conversation once, ties within a microsecond kept apart', async () => {
    const brand = await createUser(server.url, 'brand');
    const db = server.app.services.db;
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const influencer = await createUser(server.url, 'influencer');
      ids.push(await db.transaction(async (tx) => (await openConversation(tx, brand.user.id, influencer.user.id)).conversation.id));
    }
    // Activity one microsecond apart (a JavaScript Date cannot tell them apart), and two exact ties.
    for (const [i, id] of ids.entries()) {
      const at = i < 2 ? '2026-03-01 10:00:00.000001+00' : `2026-03-01 10:00:00.00000${i}+00`;
      await db.execute(sql`update conversations set last_message_at = ${at}::timestamptz where id = ${id}::uuid`);
    }
    const client = api(server.url, brand.token);
    const whole = await client.get('/api/chat/conversations');
    expect(Object.keys(whole.body)).toEqual(['conversations']);
    const order = whole.body.conversations.map((c: any) => c.id);
    expect(order).toHaveLength(7);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: { status: number; body: any } = await client.get(`/api/chat/conversations?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.conversations.length).toBeLessThanOrEqual(3);
      // The same conversation objects as the whole listing.
      for (const c of res.body.conversations) expect(c).toEqual(whole.body.conversations.find((w: any) => w.id === c.id));
      seen.push(...res.body.conversations.map((c: any) => c.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(order);
    expect(pages).toBe(3);

    // A conversation further down that gets a message meanwhile moves to the top: the pages
    // still to come neither repeat it nor skip any other.
    const first = await client.get('/api/chat/conversations?limit=3');
    const moved = order[5];
    await client.post('/api/chat/messages', { conversationId: moved, content: 'back on top' });
    const rest: string[] = [];
    cursor = first.body.nextCursor;
    while (cursor) {
      const res = await client.get(`/api/chat/conversations?cursor=${cursor}&limit=2`);
      rest.push(...res.body.conversations.map((c: any) => c.id));
      cursor = res.body.nextCursor;
    }
    expect(rest).toEqual(order.slice(3).filter((id: string) => id !== moved));
    expect((await client.get('/api/chat/conversations?limit=1')).body.conversations[0].id).toBe(moved);
    // A cursor alone pages by 50: everything after the first page but the one that moved up.
    const tail = await client.get(`/api/chat/conversations?cursor=${first.body.nextCursor}`);
    expect([tail.body.conversations.length, tail.body.nextCursor]).toEqual([3, null]);

    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const query of [
      'limit=0',
      'limit=101',
      'limit=two',
      'cursor=not-a-cursor',
      `cursor=${forged(['2026-02-30T10:00:00.000001Z', ids[0]])}`,
      `cursor=${forged(['2026-03-01T10:00:00.000001Z', "x' or 1=1"])}`,
      `cursor=${forged({ activity: 'now' })}`,
    ]) {
      const res = await client.get(`/api/chat/conversations?${query}`);
      expect([query, res.status, res.body.error?.code]).toEqual([query, 400, 'invalid_input']);
    }
  });

  it('POST /api/chat/conversations opens only between parties of an accepted request', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const again = await api(server.url, brand.token).post('/api/chat/conversations', { participantId: influencer.user.id });
    expect(again.status).toBe(200);
    expect(again.body.conversation.id).toBe(conversationId);
    const stranger = await createUser(server.url, 'influencer');
    const refused = await api(server.url, brand.token).post('/api/chat/conversations', { participantId: stranger.user.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await api(server.url, brand.token).post('/api/chat/conversations', { participantId: 'x' })).status).toBe(400);
  });
});

describe('[CHAT] search', () => {
  it('finds words in the caller’s own conversations only, with highlights', async () => {
    const mine = await createPair(server);
    const theirs = await createPair(server);
    await api(server.url, mine.brand.token).post('/api/chat/messages', { conversationId: mine.conversationId, content: 'The reel drafts are ready for review' });
    await api(server.url, mine.influencer.token).post('/api/chat/messages', { conversationId: mine.conversationId, content: 'Unrelated words' });
    await api(server.url, theirs.brand.token).post('/api/chat/messages', { conversationId: theirs.conversationId, content: 'Their drafts are secret' });
    const res = await api(server.url, mine.influencer.token).get('/api/chat/search?q=drafts');
    expect(res.status).toBe(200);
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toMatchObject({ conversationId: mine.conversationId, content: 'The reel drafts are ready for review' });
    expect(res.body.messages[0].highlight).toContain('«drafts»');
    expect((await api(server.url, mine.influencer.token).get('/api/chat/search?q=')).status).toBe(400);
    expect((await api(server.url, mine.influencer.token).get('/api/chat/search?q=%22unbalanced')).status).toBe(200);
  });
});

describe('[LIMITS] message rate', () => {
  it('answers rate_limited beyond the burst without disconnecting, REST with 429 and Retry-After', async () => {
    // One token a second: the REST send below must come before the bucket refills.
    const limited = await startTestServer({ RATE_LIMIT_MESSAGES_PER_SEC: '1', RATE_LIMIT_MESSAGES_BURST: '5' });
    try {
      const { brand, influencer, conversationId } = await createPair(limited);
      // The route's first answer loads its code: let the other party pay for that.
      expect((await api(limited.url, influencer.token).post('/api/chat/messages', { conversationId, content: 'warm' })).status).toBe(201);
      const socket = await connectChat(limited.url, { token: brand.token });
      open.push(socket);
      let firstRefusal!: () => void;
      const refused = new Promise<void>((r) => (firstRefusal = r));
      const pending = Array.from(
        { length: 8 },
        (_, i) =>
          new Promise<any>((r) =>
            socket.emit('message:send', { conversationId, content: `b${i}` }, (ack: any) => {
              if (!ack.ok) firstRefusal();
              r(ack);
            }),
          ),
      );
      // A refusal is answered at once, the accepted sends only after their commits (and if
      // none is refused, the counts below say so).
      await Promise.race([refused, Promise.all(pending)]);
      const rest = await api(limited.url, brand.token).post('/api/chat/messages', { conversationId, content: 'rest' });
      const acks = await Promise.all(pending);
      expect(acks.filter((a) => a.ok)).toHaveLength(5);
      expect(acks.filter((a) => !a.ok).every((a) => a.error.code === 'rate_limited')).toBe(true);
      expect(rest.status).toBe(429);
      expect(rest.body.error.code).toBe('rate_limited');
      expect(Number(rest.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(socket.connected).toBe(true);
      await eventually(async () => {
        const ok = await new Promise<any>((r) => socket.emit('message:send', { conversationId, content: 'later' }, r));
        expect(ok.ok).toBe(true);
      });
    } finally {
      await limited.close();
    }
  });
});
