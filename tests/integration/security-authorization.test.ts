import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChat, createUser, type ChatClient, type TestUser } from '../helpers/clients';
import { createPair, sleep } from '../helpers/chat';
import { isoDate, sendRequest } from '../helpers/requests';
import { startTestServer, type TestServer } from '../helpers/test-server';

/**
 * One table: every endpoint and /chat event × every kind of caller, with the expected outcome.
 * Everything an outsider receives is then searched for the pair's private data.
 */

type Actor = 'anonymous' | 'brand' | 'influencer' | 'outsiderBrand' | 'outsiderInfluencer';
const ACTORS: Actor[] = ['anonymous', 'brand', 'influencer', 'outsiderBrand', 'outsiderInfluencer'];

let server: TestServer;
let users: Record<Exclude<Actor, 'anonymous'>, TestUser>;
let target: TestUser;
let conversationId: string;
let pendingRequestId: string;
let attachmentUrl: string;
const SECRET_WORD = `zebracorn${Date.now()}`;
/** Every REST body and socket event an actor received, to search for leaks. */
const received: Record<Actor, string[]> = { anonymous: [], brand: [], influencer: [], outsiderBrand: [], outsiderInfluencer: [] };

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  // The table opens a fresh request for every caller of every answer row: more than a brand's burst.
  server = await startTestServer({ INSTAGRAM_APP_SECRET: 'matrix-secret', INSTAGRAM_WEBHOOK_VERIFY_TOKEN: 'matrix-token', RATE_LIMIT_REQUESTS_BURST: '1000' });
  const pair = await createPair(server);
  conversationId = pair.conversationId;
  users = {
    brand: pair.brand,
    influencer: pair.influencer,
    outsiderBrand: await createUser(server.url, 'brand'),
    outsiderInfluencer: await createUser(server.url, 'influencer'),
  };
  target = await createUser(server.url, 'influencer');
  pendingRequestId = (await sendRequest(server, pair.brand, pair.influencer, { brief: `Private brief ${SECRET_WORD}` })).id;
  const form = new FormData();
  form.append('file', new Blob([PNG]), 'private.png');
  const up = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${pair.brand.token}` } });
  const uploaded = (await up.json()) as { attachmentId: string; url: string };
  attachmentUrl = uploaded.url;
  const sent = await fetch(`${server.url}/api/chat/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pair.brand.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ conversationId, content: `secret ${SECRET_WORD}`, messageType: 'image', attachmentId: uploaded.attachmentId }),
  });
  expect(sent.status).toBe(201);
  const link = await fetch(`${server.url}/api/instagram/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pair.influencer.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accountId: '17841400000009999', username: 'private.creator' }),
  });
  expect(link.status).toBe(201);
});
afterAll(async () => {
  await server?.close();
});

const tokenOf = (actor: Actor) => (actor === 'anonymous' ? undefined : users[actor].token);

/** A fresh pending request from the brand party, for rows whose allowed call changes it. */
async function freshRequest(): Promise<string> {
  return (await sendRequest(server, users.brand, users.influencer, { brief: `Private brief ${SECRET_WORD}` })).id;
}

type RestRow = {
  name: string;
  method: string;
  path: (actor: Actor) => string | Promise<string>;
  body?: (actor: Actor) => unknown;
  expect: Record<Actor, number>;
  /** Callers in this order, when the allowed call removes what the others are refused. */
  order?: Actor[];
};

const deny = { anonymous: 401, outsiderBrand: 404, outsiderInfluencer: 404 } as const;
const member = (ok: number, outsider = 403) => ({ anonymous: 401, brand: ok, influencer: ok, outsiderBrand: outsider, outsiderInfluencer: outsider });
const everyone = (ok: number) => ({ anonymous: 401, brand: ok, influencer: ok, outsiderBrand: ok, outsiderInfluencer: ok });
const otherParty = (actor: Actor) => (actor === 'brand' || actor === 'outsiderBrand' ? users.influencer : users.brand).user.id;

const REST: RestRow[] = [
  { name: 'me', method: 'GET', path: () => '/api/users/me', expect: everyone(200) },
  { name: 'influencer directory', method: 'GET', path: () => '/api/influencers', expect: everyone(200) },
  { name: 'create request', method: 'POST', path: () => '/api/requests', body: () => ({ influencerId: target.user.id, title: 'T', brief: 'B', budget: { amount: 1, currency: 'EUR' } }), expect: { anonymous: 401, brand: 201, influencer: 403, outsiderBrand: 201, outsiderInfluencer: 403 } },
  { name: 'list requests', method: 'GET', path: () => '/api/requests', expect: everyone(200) },
  { name: 'read request', method: 'GET', path: () => `/api/requests/${pendingRequestId}`, expect: member(200, 404) },
  { name: 'accept request', method: 'POST', path: freshRequest, expect: { ...deny, brand: 403, influencer: 200 } },
  { name: 'reject request', method: 'POST', path: freshRequest, expect: { ...deny, brand: 403, influencer: 200 } },
  { name: 'counter request', method: 'POST', path: freshRequest, body: () => ({ budget: { amount: 5, currency: 'EUR' }, deadline: isoDate(10) }), expect: { ...deny, brand: 403, influencer: 200 } },
  { name: 'withdraw request', method: 'POST', path: freshRequest, expect: { ...deny, brand: 200, influencer: 403 } },
  { name: 'list conversations', method: 'GET', path: () => '/api/chat/conversations', expect: everyone(200) },
  { name: 'open conversation', method: 'POST', path: () => '/api/chat/conversations', body: (a) => ({ participantId: otherParty(a) }), expect: member(200) },
  { name: 'read conversation', method: 'GET', path: () => `/api/chat/conversations/${conversationId}`, expect: member(200) },
  { name: 'history', method: 'GET', path: () => `/api/chat/conversations/${conversationId}/messages`, expect: member(200) },
  { name: 'mark read', method: 'PUT', path: () => `/api/chat/conversations/${conversationId}/read`, body: () => ({}), expect: member(200) },
  { name: 'send message', method: 'POST', path: () => '/api/chat/messages', body: (a) => ({ conversationId, content: `hello from ${a}` }), expect: member(201) },
  { name: 'unread count', method: 'GET', path: () => '/api/chat/unread-count', expect: everyone(200) },
  { name: 'search', method: 'GET', path: () => `/api/chat/search?q=${SECRET_WORD}`, expect: everyone(200) },
  { name: 'download attachment', method: 'GET', path: () => attachmentUrl, expect: member(200, 404) },
  { name: 'notifications', method: 'GET', path: () => '/api/notifications', expect: everyone(200) },
  { name: 'mark notifications read', method: 'POST', path: () => '/api/notifications/read', body: () => ({}), expect: everyone(200) },
  { name: 'list Instagram accounts', method: 'GET', path: () => '/api/instagram/accounts', expect: everyone(200) },
  {
    name: 'unlink Instagram account',
    method: 'DELETE',
    path: () => '/api/instagram/accounts/17841400000009999',
    expect: { anonymous: 401, brand: 404, influencer: 204, outsiderBrand: 404, outsiderInfluencer: 404 },
    order: ['anonymous', 'brand', 'outsiderBrand', 'outsiderInfluencer', 'influencer'],
  },
  { name: 'hide conversation', method: 'DELETE', path: () => `/api/chat/conversations/${conversationId}`, expect: member(204, 404) },
  { name: 'health', method: 'GET', path: () => '/api/health', expect: { anonymous: 200, brand: 200, influencer: 200, outsiderBrand: 200, outsiderInfluencer: 200 } },
];

const actionOf = (row: RestRow) => /^(accept|reject|counter|withdraw) request$/.exec(row.name)?.[1];

describe('[SECURITY] authorization matrix', () => {
  it('answers every endpoint × caller as the table says', async () => {
    const failures: string[] = [];
    for (const row of REST) {
      for (const actor of row.order ?? ACTORS) {
        let path = await row.path(actor);
        const action = actionOf(row);
        if (action) path = `/api/requests/${path}/${action}`;
        const body = row.body?.(actor) ?? (row.method === 'GET' || row.method === 'DELETE' ? undefined : {});
        const token = tokenOf(actor);
        const res = await fetch(`${server.url}${path}`, {
          method: row.method,
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        received[actor].push(text);
        if (res.status !== row.expect[actor]) failures.push(`${row.name} as ${actor}: ${res.status} (wanted ${row.expect[actor]}) ${text.slice(0, 100)}`);
        if (res.status >= 400 && res.status !== 204) {
          const code = (JSON.parse(text) as { error?: { code?: string } }).error?.code;
          const wanted = { 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' }[res.status];
          if (code !== wanted) failures.push(`${row.name} as ${actor}: code ${code}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers every /chat event × caller as the table says', async () => {
    const refused = await connectChat(server.url, {}).then(
      () => 'connected',
      (e: Error) => e.message,
    );
    expect(refused).toBe('unauthorized');

    const sockets: Partial<Record<Actor, ChatClient>> = {};
    for (const actor of ACTORS.slice(1)) {
      const socket = await connectChat(server.url, { token: tokenOf(actor) });
      socket.onAny((event, payload) => received[actor].push(`${event} ${JSON.stringify(payload)}`));
      sockets[actor] = socket;
    }
    const ack = (actor: Actor, event: string, payload: unknown) =>
      new Promise<any>((resolve) => (sockets[actor]!.emit as any)(event, payload, resolve));
    const partyOnly = { brand: 'ok', influencer: 'ok', outsiderBrand: 'forbidden', outsiderInfluencer: 'forbidden' };
    const rows: { event: string; payload: (a: Actor) => unknown; expect: Record<string, string> }[] = [
      { event: 'conversation:join', payload: () => ({ conversationId }), expect: partyOnly },
      { event: 'typing:start', payload: () => ({ conversationId }), expect: partyOnly },
      { event: 'typing:stop', payload: () => ({ conversationId }), expect: partyOnly },
      { event: 'message:send', payload: (a) => ({ conversationId, content: `socket hello from ${a}` }), expect: partyOnly },
      { event: 'message:read', payload: () => ({ conversationId }), expect: partyOnly },
      { event: 'conversation:leave', payload: () => ({ conversationId }), expect: partyOnly },
      { event: 'user:check:online', payload: (a) => ({ userId: otherParty(a) }), expect: partyOnly },
      { event: 'status:update', payload: () => ({ status: 'away' }), expect: { brand: 'ok', influencer: 'ok', outsiderBrand: 'ok', outsiderInfluencer: 'ok' } },
    ];
    const failures: string[] = [];
    for (const row of rows) {
      for (const actor of ACTORS.slice(1)) {
        const reply = await ack(actor, row.event, row.payload(actor));
        const outcome = reply.ok ? 'ok' : reply.error.code;
        if (outcome !== row.expect[actor]) failures.push(`${row.event} as ${actor}: ${outcome} (wanted ${row.expect[actor]})`);
      }
    }
    // Give fan-out time to reach anyone it (wrongly) might.
    await sleep(300);
    Object.values(sockets).forEach((s) => s.close());
    expect(failures).toEqual([]);
  });

  it('leaks nothing of the pair to outsiders and no one’s email to anyone else', () => {
    const { brand, influencer, outsiderBrand, outsiderInfluencer } = users;
    const privateToPair = [brand.email, influencer.email, conversationId, pendingRequestId, SECRET_WORD, attachmentUrl, '17841400000009999', 'socket hello from brand'];
    for (const actor of ['anonymous', 'outsiderBrand', 'outsiderInfluencer'] as const) {
      const all = received[actor].join('\n');
      expect(all.length).toBeGreaterThan(0);
      for (const secret of privateToPair) expect(all, `${actor} saw ${secret}`).not.toContain(secret);
    }
    const emails = { brand: brand.email, influencer: influencer.email, outsiderBrand: outsiderBrand.email, outsiderInfluencer: outsiderInfluencer.email };
    for (const [actor, own] of Object.entries(emails)) {
      const all = received[actor as Actor].join('\n');
      for (const email of [...Object.values(emails), target.email].filter((e) => e !== own)) expect(all, `${actor} saw ${email}`).not.toContain(email);
    }
    // The parties do see their own conversation: the table is not vacuous.
    expect(received.influencer.join('\n')).toContain(SECRET_WORD);
    expect(received.brand.join('\n')).toContain('socket hello from influencer');
  });
});
