import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { collaborationRequests, messages, notifications } from '@/db/schema';
import type { CollaborationRequest } from '@/lib/contracts/requests';
import { conversationRoom, userRoom } from '@/lib/realtime/publisher';
import { expireRequests } from '@/lib/requests/expire-requests';
import { startRequestExpirySweeper } from '@/lib/requests/start-request-expiry-sweeper';
import { api, connectChat, createUser, nextEvent, type ChatClient, type TestUser } from '../helpers/clients';
import { backdateRequest, isoDate, requestBody, sendRequest } from '../helpers/requests';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
const sockets: ChatClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ REQUEST_TTL_DAYS: '14' });
});
afterEach(() => {
  sockets.splice(0).forEach((s) => s.close());
});
afterAll(async () => {
  await server?.close();
});

async function connect(user: TestUser): Promise<ChatClient> {
  const socket = await connectChat(server.url, { token: user.token });
  sockets.push(socket);
  return socket;
}

/** Records every payload of `event` on `socket`. */
function record<T = any>(socket: ChatClient, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as { on: (e: string, fn: (p: T) => void) => void }).on(event, (p) => seen.push(p));
  return seen;
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

async function pair() {
  const [brand, influencer] = await Promise.all([createUser(server.url, 'brand'), createUser(server.url, 'influencer')]);
  return { brand, influencer };
}

describe('[REQUESTS] sending', () => {
  it('a brand sends a request: 201 pending, the influencer hears request:new live, both parties can read it', async () => {
    const { brand, influencer } = await pair();
    const influencerSocket = await connect(influencer);
    const live = nextEvent<{ request: CollaborationRequest }>(influencerSocket, 'request:new');
    const deadline = isoDate(20);
    const res = await api(server.url, brand.token).post('/api/requests', requestBody(influencer.user.id, { deadline }));
    expect(res.status).toBe(201);
    const request = res.body.request as CollaborationRequest;
    expect(request).toMatchObject({
      brand: { id: brand.user.id, role: 'brand' },
      influencer: { id: influencer.user.id, role: 'influencer' },
      title: 'Spring launch reel',
      deliverables: ['2 reels', '1 story'],
      budget: { amount: 150000, currency: 'EUR' },
      deadline,
      status: 'pending',
      counter: null,
      responseNote: null,
      conversationId: null,
      respondedAt: null,
    });
    expect(request.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(request)).not.toContain('@example.test');
    expect((await live).request).toEqual(request);

    for (const user of [brand, influencer]) {
      const one = await api(server.url, user.token).get(`/api/requests/${request.id}`);
      expect(one.status).toBe(200);
      expect(one.body.request.id).toBe(request.id);
    }
    const incoming = await api(server.url, influencer.token).get('/api/requests?box=incoming');
    expect(incoming.body.requests.map((r: CollaborationRequest) => r.id)).toEqual([request.id]);
    const outgoing = await api(server.url, brand.token).get('/api/requests?box=outgoing&status=pending');
    expect(outgoing.body.requests.map((r: CollaborationRequest) => r.id)).toEqual([request.id]);
    expect((await api(server.url, brand.token).get('/api/requests?box=incoming')).body.requests).toEqual([]);
    expect((await api(server.url, brand.token).get('/api/requests?box=outgoing&status=accepted')).body.requests).toEqual([]);
  });

  it('lists newest first and filters by one or several statuses', async () => {
    const { brand, influencer } = await pair();
    const first = await sendRequest(server, brand, influencer, { title: 'First' });
    await settle(10);
    const second = await sendRequest(server, brand, influencer, { title: 'Second' });
    await api(server.url, brand.token).post(`/api/requests/${first.id}/withdraw`);
    const all = await api(server.url, influencer.token).get('/api/requests?box=incoming');
    expect(all.body.requests.map((r: CollaborationRequest) => r.title)).toEqual(['Second', 'First']);
    const some = await api(server.url, influencer.token).get('/api/requests?box=incoming&status=withdrawn,pending');
    expect(some.body.requests).toHaveLength(2);
    const withdrawn = await api(server.url, influencer.token).get('/api/requests?status=withdrawn');
    expect(withdrawn.body.requests.map((r: CollaborationRequest) => r.id)).toEqual([first.id]);
    expect(second.status).toBe('pending');
    for (const bad of ['?box=sideways', '?status=open', '?limit=0']) {
      const res = await api(server.url, influencer.token).get(`/api/requests${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
  });

  it('refuses bad input with clear codes, never a 500', async () => {
    const { brand, influencer } = await pair();
    const otherBrand = await createUser(server.url, 'brand');
    const client = api(server.url, brand.token);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ title: '' }, 400, 'invalid_input'],
      [{ title: 'x'.repeat(201) }, 400, 'invalid_input'],
      [{ brief: '   ' }, 400, 'invalid_input'],
      [{ budget: { amount: -1, currency: 'EUR' } }, 400, 'invalid_input'],
      [{ budget: { amount: 10.5, currency: 'EUR' } }, 400, 'invalid_input'],
      [{ budget: { amount: '100', currency: 'EUR' } }, 400, 'invalid_input'],
      [{ budget: { amount: 100, currency: 'eur' } }, 400, 'invalid_input'],
      [{ budget: { amount: 100, currency: 'EURO' } }, 400, 'invalid_input'],
      [{ budget: { amount: 100 } }, 400, 'invalid_input'],
      [{ deadline: isoDate(-3) }, 400, 'invalid_input'],
      [{ deadline: '2031-02-30' }, 400, 'invalid_input'],
      [{ deadline: 'tomorrow' }, 400, 'invalid_input'],
      [{ deliverables: 'a reel' }, 400, 'invalid_input'],
      [{ influencerId: 'not-a-uuid' }, 400, 'invalid_input'],
      [{ influencerId: '00000000-0000-4000-8000-000000000000' }, 404, 'not_found'],
      [{ influencerId: otherBrand.user.id }, 400, 'invalid_input'],
      [{ influencerId: brand.user.id }, 400, 'invalid_input'],
    ];
    for (const [override, status, code] of cases) {
      const res = await client.post('/api/requests', requestBody(influencer.user.id, override));
      expect(res.status, JSON.stringify(override)).toBe(status);
      expect(res.body.error.code, JSON.stringify(override)).toBe(code);
      expect(res.body.error.message).toEqual(expect.any(String));
    }
    const broken = await client.post('/api/requests', '{"title":', { 'content-type': 'application/json' });
    expect(broken.status).toBe(400);
    // Gifted collaborations, zero-decimal currencies and no deadline are all fine.
    const gifted = await client.post('/api/requests', requestBody(influencer.user.id, { budget: { amount: 0, currency: 'USD' }, deadline: null }));
    expect(gifted.status).toBe(201);
    expect(gifted.body.request.deadline).toBeNull();
    const yen = await client.post('/api/requests', requestBody(influencer.user.id, { budget: { amount: 30000, currency: 'JPY' }, deliverables: undefined }));
    expect(yen.status).toBe(201);
    expect(yen.body.request).toMatchObject({ budget: { amount: 30000, currency: 'JPY' }, deliverables: [] });
    const today = await client.post('/api/requests', requestBody(influencer.user.id, { deadline: isoDate(0) }));
    expect(today.status).toBe(201);
  });

  it('only brands send requests; reads need auth; strangers and bad ids get 404', async () => {
    const { brand, influencer } = await pair();
    const otherInfluencer = await createUser(server.url, 'influencer');
    const byInfluencer = await api(server.url, influencer.token).post('/api/requests', requestBody(otherInfluencer.user.id));
    expect(byInfluencer.status).toBe(403);
    expect(byInfluencer.body.error.code).toBe('forbidden');
    expect((await api(server.url).post('/api/requests', requestBody(influencer.user.id))).status).toBe(401);
    expect((await api(server.url).get('/api/requests')).status).toBe(401);

    const request = await sendRequest(server, brand, influencer);
    const stranger = await createUser(server.url, 'brand');
    const peek = await api(server.url, stranger.token).get(`/api/requests/${request.id}`);
    expect(peek.status).toBe(404);
    expect(peek.body.error.code).toBe('not_found');
    for (const action of ['accept', 'reject', 'withdraw']) {
      const res = await api(server.url, stranger.token).post(`/api/requests/${request.id}/${action}`);
      expect(res.status, action).toBe(404);
    }
    const counter = await api(server.url, otherInfluencer.token).post(`/api/requests/${request.id}/counter`, { budget: { amount: 1, currency: 'EUR' } });
    expect(counter.status).toBe(404);
    for (const path of ['/api/requests/nope', '/api/requests/123/accept', `/api/requests/${request.id}x/reject`]) {
      const res = await (path.endsWith('nope') ? api(server.url, brand.token).get(path) : api(server.url, influencer.token).post(path));
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect((await api(server.url, brand.token).get('/api/requests/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('[REQUESTS] answering', () => {
  it('counter, then the brand accepts the counter: live on both sides and every tab, conversation opened with a system message', async () => {
    const { brand, influencer } = await pair();
    const request = await sendRequest(server, brand, influencer, { title: 'Autumn lookbook', budget: { amount: 100000, currency: 'EUR' } });
    const brandSocket = await connect(brand);
    const brandOtherTab = await connect(brand);
    const influencerSocket = await connect(influencer);
    const influencerOtherTab = await connect(influencer);
    const influencerNotes = record(influencerSocket, 'notification:new');
    const brandNotes = record(brandSocket, 'notification:new');

    const counterDeadline = isoDate(45);
    const seen = [brandSocket, brandOtherTab, influencerSocket, influencerOtherTab].map((s) => nextEvent(s, 'request:updated'));
    const countered = await api(server.url, influencer.token).post(`/api/requests/${request.id}/counter`, {
      budget: { amount: 175050, currency: 'EUR' },
      deadline: counterDeadline,
      note: 'Three reels need a bit more.',
    });
    expect(countered.status).toBe(200);
    expect(countered.body.request).toMatchObject({
      status: 'countered',
      budget: { amount: 100000, currency: 'EUR' },
      counter: { budget: { amount: 175050, currency: 'EUR' }, deadline: counterDeadline, note: 'Three reels need a bit more.' },
    });
    expect(countered.body.request.respondedAt).toEqual(expect.any(String));
    for (const event of await Promise.all(seen)) expect(event.request).toEqual(countered.body.request);

    // It is the brand's turn now: the influencer cannot accept its own counter.
    const early = await api(server.url, influencer.token).post(`/api/requests/${request.id}/accept`);
    expect(early.status).toBe(403);
    expect(early.body.error.code).toBe('forbidden');
    const again = await api(server.url, influencer.token).post(`/api/requests/${request.id}/counter`, { budget: { amount: 1, currency: 'EUR' } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');

    const conversationEvents = [nextEvent(brandSocket, 'conversation:updated'), nextEvent(influencerSocket, 'conversation:updated')];
    const updates = [brandOtherTab, influencerSocket].map((s) => nextEvent(s, 'request:updated'));
    const accepted = await api(server.url, brand.token).post(`/api/requests/${request.id}/accept`, { note: 'Deal.' });
    expect(accepted.status).toBe(200);
    const { request: done, conversation } = accepted.body;
    expect(done).toMatchObject({
      status: 'accepted',
      responseNote: 'Deal.',
      conversationId: conversation.id,
      agreed: { budget: { amount: 175050, currency: 'EUR' }, deadline: counterDeadline },
    });
    expect(conversation.otherParticipant.id).toBe(influencer.user.id);
    expect(conversation.lastMessage).toMatchObject({ messageType: 'system', sender: { id: brand.user.id } });
    expect(conversation.lastMessage.content).toContain('Autumn lookbook');
    expect(conversation.lastMessage.content).toContain('€1,750.50');
    expect(conversation.lastMessage.content).toContain(counterDeadline);
    for (const event of await Promise.all(updates)) expect(event.request.status).toBe('accepted');
    const [brandView, influencerView] = await Promise.all(conversationEvents);
    expect(brandView.conversation.otherParticipant.id).toBe(influencer.user.id);
    expect(influencerView.conversation.otherParticipant.id).toBe(brand.user.id);
    expect(influencerView.conversation.id).toBe(conversation.id);
    expect(influencerView.conversation.unreadCount).toBe(1);

    const stored = await server.app.services.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ type: 'system', senderId: brand.user.id, seq: 1 });

    // Each side was told about the other's moves, and it is all stored for later visits.
    await settle();
    expect(influencerNotes.map((n) => n.notification.payload)).toEqual([
      expect.objectContaining({ requestId: request.id, status: 'accepted', actorName: brand.user.name, title: 'Autumn lookbook' }),
    ]);
    expect(brandNotes.map((n) => n.notification.payload.status)).toEqual(['countered']);
    const rows = await server.app.services.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, influencer.user.id), eq(notifications.kind, 'request')));
    expect(rows.map((r) => r.payload.status).sort()).toEqual(['accepted', 'pending']);

    // Closed for good.
    for (const [user, action] of [[influencer, 'reject'], [brand, 'withdraw'], [brand, 'accept']] as const) {
      const res = await api(server.url, user.token).post(`/api/requests/${request.id}/${action}`);
      expect(res.status, action).toBe(409);
      expect(res.body.error.code).toBe('invalid_state');
    }
  });

  it('the influencer accepts directly; a second accepted request reuses the conversation and reaches its room as message:new', async () => {
    const { brand, influencer } = await pair();
    const first = await sendRequest(server, brand, influencer, { title: 'First job' });
    const one = await api(server.url, influencer.token).post(`/api/requests/${first.id}/accept`);
    expect(one.status).toBe(200);
    expect(one.body.request).toMatchObject({ status: 'accepted', agreed: { budget: { amount: 150000, currency: 'EUR' } } });
    const conversationId = one.body.conversation.id as string;
    expect(one.body.conversation.otherParticipant.id).toBe(brand.user.id);
    expect(one.body.conversation.lastMessage.content).toContain('First job');

    const brandSocket = await connect(brand);
    const influencerSocket = await connect(influencer);
    server.app.realtime.chat.in([userRoom(brand.user.id), userRoom(influencer.user.id)]).socketsJoin(conversationRoom(conversationId));
    const second = await sendRequest(server, brand, influencer, { title: 'Second job', budget: { amount: 5000, currency: 'JPY' } });
    const liveMessages = [nextEvent(brandSocket, 'message:new'), nextEvent(influencerSocket, 'message:new')];
    const two = await api(server.url, influencer.token).post(`/api/requests/${second.id}/accept`);
    expect(two.status).toBe(200);
    expect(two.body.conversation.id).toBe(conversationId);
    for (const message of await Promise.all(liveMessages)) {
      expect(message).toMatchObject({ conversationId, seq: 2, messageType: 'system', sender: { id: influencer.user.id } });
      expect(message.content).toContain('Second job');
      expect(message.content).toContain('¥5,000');
    }
  });

  it('rejects with a note, withdraws, and the influencer may still reject a counter', async () => {
    const { brand, influencer } = await pair();
    const a = await sendRequest(server, brand, influencer);
    const rejected = await api(server.url, influencer.token).post(`/api/requests/${a.id}/reject`, { note: 'Not my audience.' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toEqual({ request: expect.objectContaining({ status: 'rejected', responseNote: 'Not my audience.', conversationId: null }) });

    const b = await sendRequest(server, brand, influencer);
    const withdrawn = await api(server.url, brand.token).post(`/api/requests/${b.id}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.request.status).toBe('withdrawn');

    const c = await sendRequest(server, brand, influencer);
    await api(server.url, influencer.token).post(`/api/requests/${c.id}/counter`, { budget: { amount: 200000, currency: 'EUR' } });
    const rejectCounter = await api(server.url, influencer.token).post(`/api/requests/${c.id}/reject`);
    expect(rejectCounter.status).toBe(200);
    expect(rejectCounter.body.request.status).toBe('rejected');

    const d = await sendRequest(server, brand, influencer);
    await api(server.url, influencer.token).post(`/api/requests/${d.id}/counter`, { budget: { amount: 200000, currency: 'EUR' } });
    const withdrawCounter = await api(server.url, brand.token).post(`/api/requests/${d.id}/withdraw`);
    expect(withdrawCounter.body.request.status).toBe('withdrawn');
  });

  it('the wrong party gets 403 forbidden, bad answers 400', async () => {
    const { brand, influencer } = await pair();
    const request = await sendRequest(server, brand, influencer);
    for (const [user, action] of [[brand, 'accept'], [brand, 'reject'], [influencer, 'withdraw']] as const) {
      const res = await api(server.url, user.token).post(`/api/requests/${request.id}/${action}`);
      expect(res.status, action).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const brandCounter = await api(server.url, brand.token).post(`/api/requests/${request.id}/counter`, { budget: { amount: 1, currency: 'EUR' } });
    expect(brandCounter.status).toBe(403);
    for (const body of [{}, { budget: { amount: -5, currency: 'EUR' } }, { budget: { amount: 5, currency: 'EUR' }, deadline: isoDate(-2) }]) {
      const res = await api(server.url, influencer.token).post(`/api/requests/${request.id}/counter`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
    const longNote = await api(server.url, influencer.token).post(`/api/requests/${request.id}/reject`, { note: 'x'.repeat(1001) });
    expect(longNote.status).toBe(400);
    const unchanged = await api(server.url, brand.token).get(`/api/requests/${request.id}`);
    expect(unchanged.body.request.status).toBe('pending');
  });

  it('two concurrent answers: exactly one wins, the other gets 409 invalid_state', async () => {
    const { brand, influencer } = await pair();
    for (let round = 0; round < 4; round++) {
      const request = await sendRequest(server, brand, influencer, { title: `Race ${round}` });
      const answers =
        round % 2 === 0
          ? [
              api(server.url, influencer.token).post(`/api/requests/${request.id}/accept`),
              api(server.url, influencer.token).post(`/api/requests/${request.id}/accept`),
              api(server.url, brand.token).post(`/api/requests/${request.id}/withdraw`),
            ]
          : [
              api(server.url, influencer.token).post(`/api/requests/${request.id}/reject`),
              api(server.url, influencer.token).post(`/api/requests/${request.id}/counter`, { budget: { amount: 1, currency: 'EUR' } }),
              api(server.url, brand.token).post(`/api/requests/${request.id}/withdraw`),
            ];
      const results = await Promise.all(answers);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409, 409]);
      for (const loser of results.filter((r) => r.status === 409)) expect(loser.body.error.code).toBe('invalid_state');
      const winner = results.find((r) => r.status === 200)!;
      const [row] = await server.app.services.db.select().from(collaborationRequests).where(eq(collaborationRequests.id, request.id));
      expect(row!.status).toBe(winner.body.request.status);
    }
    // However the accept races went, the pair has one conversation and one message per acceptance.
    const listed = await api(server.url, brand.token).get('/api/requests?box=outgoing&status=accepted');
    const conversationIds = new Set(listed.body.requests.map((r: CollaborationRequest) => r.conversationId));
    expect(conversationIds.size).toBeLessThanOrEqual(1);
    if (conversationIds.size === 1) {
      const [id] = [...conversationIds] as string[];
      const stored = await server.app.services.db.select().from(messages).where(eq(messages.conversationId, id!));
      expect(stored).toHaveLength(listed.body.requests.length);
    }
  });
});

describe('[REQUESTS] expiry', () => {
  it('a read expires a stale request, tells both parties live, and answers then get 409', async () => {
    const { brand, influencer } = await pair();
    const request = await sendRequest(server, brand, influencer);
    const fresh = await sendRequest(server, brand, influencer, { title: 'Still fresh' });
    expect(new Date(request.expiresAt!).getTime() - new Date(request.updatedAt).getTime()).toBe(14 * 24 * 60 * 60 * 1000);
    // Connected before the clock runs out: the background sweep may beat the read to it.
    const brandSocket = await connect(brand);
    const influencerSocket = await connect(influencer);
    const live = [nextEvent(brandSocket, 'request:updated'), nextEvent(influencerSocket, 'request:updated')];
    await backdateRequest(server, request.id, 15);

    const list = await api(server.url, influencer.token).get('/api/requests?box=incoming');
    const byId = new Map(list.body.requests.map((r: CollaborationRequest) => [r.id, r]));
    expect(byId.get(request.id)).toMatchObject({ status: 'expired', expiresAt: null });
    expect(byId.get(fresh.id)).toMatchObject({ status: 'pending' });
    for (const event of await Promise.all(live)) expect(event.request).toMatchObject({ id: request.id, status: 'expired' });

    const accept = await api(server.url, influencer.token).post(`/api/requests/${request.id}/accept`);
    expect(accept.status).toBe(409);
    expect(accept.body.error.code).toBe('invalid_state');
    const stored = await server.app.services.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, brand.user.id));
    expect(stored.filter((n) => n.payload.status === 'expired')).toHaveLength(1);
  });

  it('an answer to a request that went stale unseen is refused and expires it; a counter restarts the clock', async () => {
    const { brand, influencer } = await pair();
    const request = await sendRequest(server, brand, influencer);
    await backdateRequest(server, request.id, 13);
    const countered = await api(server.url, influencer.token).post(`/api/requests/${request.id}/counter`, { budget: { amount: 10, currency: 'EUR' } });
    expect(countered.status).toBe(200);
    expect(new Date(countered.body.request.expiresAt).getTime()).toBeGreaterThan(Date.now() + 13 * 24 * 60 * 60 * 1000);

    const brandSocket = await connect(brand);
    const live = nextEvent(brandSocket, 'request:updated');
    await backdateRequest(server, request.id, 14);
    const accept = await api(server.url, brand.token).post(`/api/requests/${request.id}/accept`);
    expect(accept.status).toBe(409);
    expect(accept.body.error.code).toBe('invalid_state');
    expect((await live).request.status).toBe('expired');
    expect((await api(server.url, brand.token).get(`/api/requests/${request.id}`)).body.request.status).toBe('expired');
  });

  it('the periodic sweep expires stale requests and publishes request:updated without anyone reading', async () => {
    const { brand, influencer } = await pair();
    const a = await sendRequest(server, brand, influencer, { title: 'Sweep A' });
    const b = await sendRequest(server, brand, influencer, { title: 'Sweep B' });
    await api(server.url, influencer.token).post(`/api/requests/${b.id}/accept`);
    // Listen before backdating: the server's own sweeper may be the one to expire it.
    const influencerSocket = await connect(influencer);
    const live = nextEvent(influencerSocket, 'request:updated');
    await backdateRequest(server, a.id, 30);
    await backdateRequest(server, b.id, 30);
    const stop = startRequestExpirySweeper(server.app.services, { intervalMs: 50 });
    try {
      const event = await live;
      expect(event.request).toMatchObject({ id: a.id, status: 'expired' });
    } finally {
      stop();
    }
    const [rowA] = await server.app.services.db.select().from(collaborationRequests).where(eq(collaborationRequests.id, a.id));
    const [rowB] = await server.app.services.db.select().from(collaborationRequests).where(eq(collaborationRequests.id, b.id));
    expect(rowA!.status).toBe('expired');
    expect(rowB!.status).toBe('accepted');
    // Nothing is left to expire: a second pass changes nothing.
    const again = await expireRequests(server.app.services.db, server.app.services.publisher, { ttlDays: 14 });
    expect(again.map((r) => r.id)).not.toContain(a.id);
  });
});
