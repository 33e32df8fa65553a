import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { api, createUser, type TestUser } from '../helpers/clients';
import { eventually, sleep } from '../helpers/chat';
import { processDatabase, type ProcessDatabase } from '../helpers/process-database';
import { requestBody } from '../helpers/requests';
import { freePort, spawnServer, type ServerProcess } from '../helpers/spawn-server';

/**
 * The real server as its own process, killed with SIGKILL or stopped with SIGTERM in the
 * middle of a stream of sends, then started again on the same data: every acknowledged
 * message is there exactly once, seq stays gapless, and clients that retry and catch up end
 * with exactly the server's history.
 */

/** Two cold starts of a production server per test, on a machine that may be busy. */
const PROCESS_TEST_MS = 180_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Deployment = { start(): Promise<ServerProcess>; port: number };

async function deployment(): Promise<Deployment> {
  const db: ProcessDatabase = await processDatabase();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'collabwire-durable-'));
  const port = await freePort();
  const env = {
    ...db.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    RATE_LIMIT_MESSAGES_PER_SEC: '100000',
    RATE_LIMIT_MESSAGES_BURST: '100000',
    RATE_LIMIT_EVENTS_PER_SEC: '100000',
    RATE_LIMIT_EVENTS_BURST: '100000',
  };
  cleanups.push(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    port,
    start: async () => {
      const server = await spawnServer(env);
      cleanups.push(() => server.stop('SIGKILL'));
      return server;
    },
  };
}

async function openConversation(url: string): Promise<{ brand: TestUser; influencer: TestUser; conversationId: string }> {
  const brand = await createUser(url, 'brand');
  const influencer = await createUser(url, 'influencer');
  const created = await api(url, brand.token).post('/api/requests', requestBody(influencer.user.id));
  const accepted = await api(url, influencer.token).post(`/api/requests/${created.body.request.id}/accept`, {});
  expect(accepted.status).toBe(200);
  return { brand, influencer, conversationId: accepted.body.conversation.id };
}

function chatSocket(url: string, token: string, reconnection: boolean): Socket {
  const socket = io(`${url}/chat`, {
    auth: { token: `Bearer ${token}` },
    transports: ['websocket'],
    reconnection,
    reconnectionDelay: 100,
    reconnectionDelayMax: 300,
    forceNew: true,
  });
  cleanups.push(() => void socket.close());
  return socket;
}

async function history(url: string, token: string, conversationId: string) {
  const all: { id: number; seq: number; tempId: string | null; content: string }[] = [];
  for (;;) {
    const after = all.at(-1)?.seq ?? 0;
    const res = await api(url, token).get(`/api/chat/conversations/${conversationId}/messages?afterSeq=${after}&limit=100`);
    expect(res.status).toBe(200);
    all.push(...res.body.messages);
    if (res.body.messages.length < 100) return all;
  }
}

function expectGapless(messages: { seq: number; id: number }[]) {
  expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
  for (let i = 1; i < messages.length; i++) expect(messages[i]!.id).toBeGreaterThan(messages[i - 1]!.id);
}

describe.each(['SIGKILL', 'SIGTERM'] as const)('[DURABILITY] %s in the middle of a stream of sends', (signal) => {
  it('keeps every acknowledged message exactly once; retries of the rest land once; seq stays gapless', async () => {
    const d = await deployment();
    let server = await d.start();
    const { brand, conversationId } = await openConversation(server.url);
    const socket = chatSocket(server.url, brand.token, false);
    await new Promise((r) => socket.once('connection:success', r));

    const TOTAL = 1500;
    const tempIds = Array.from({ length: TOTAL }, (_, i) => `dur-${i}`);
    const acked = new Map<string, { id: number; seq: number }>();
    let stop: Promise<void> | undefined;
    const exited = new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
    // A stream, not one burst: a burst can be committed and acknowledged whole before a
    // signal lands, and then nothing would be in flight at the kill.
    for (const [i, tempId] of tempIds.entries()) {
      socket.emit('message:send', { conversationId, content: `m ${tempId}`, tempId }, (ack: any) => {
        if (ack?.ok) acked.set(tempId, { id: ack.data.message.id, seq: ack.data.message.seq });
        // Strike once a good part of the stream is acknowledged and the rest is in flight.
        if (acked.size === 60 && !stop) stop = server.stop(signal);
      });
      if (i % 25 === 24) await new Promise((r) => setTimeout(r, 5));
    }
    await eventually(() => expect(stop).toBeDefined(), 20_000);
    await stop;
    const code = await exited;
    if (signal === 'SIGTERM') expect(code, `graceful exit:\n${server.output().slice(-2000)}`).toBe(0);
    socket.close();
    expect(acked.size).toBeGreaterThanOrEqual(60);
    // A kill strikes mid-stream; a graceful stop may drain every queued send first.
    if (signal === 'SIGKILL') expect(acked.size, 'sends still in flight at the kill').toBeLessThan(TOTAL);

    server = await d.start();
    const after = await history(server.url, brand.token, conversationId);
    expectGapless(after);
    const byTempId = new Map(after.filter((m) => m.tempId).map((m) => [m.tempId!, m]));
    expect(after.filter((m) => m.tempId).length).toBe(byTempId.size);
    for (const [tempId, ack] of acked) expect(byTempId.get(tempId), tempId).toMatchObject(ack);

    // The client's outbox retries everything it has no ack for, with the same tempIds.
    const retry = chatSocket(server.url, brand.token, false);
    await new Promise((r) => retry.once('connection:success', r));
    const missing = tempIds.filter((t) => !acked.has(t));
    const replies = await Promise.all(
      missing.map((tempId) => new Promise<any>((r) => retry.emit('message:send', { conversationId, content: `m ${tempId}`, tempId }, r))),
    );
    expect(replies.filter((r) => !r.ok)).toEqual([]);
    const final = await history(server.url, brand.token, conversationId);
    expectGapless(final);
    expect(final.filter((m) => m.tempId).map((m) => m.tempId).sort()).toEqual([...tempIds].sort());
  }, PROCESS_TEST_MS);
});

describe('[DURABILITY] a server restart in the middle of a conversation', () => {
  it('clients reconnect by themselves, catch up from REST, and end with the server’s history: nothing lost or doubled', async () => {
    const d = await deployment();
    let server = await d.start();
    const { brand, influencer, conversationId } = await openConversation(server.url);
    const sender = chatSocket(server.url, brand.token, true);
    const reader = chatSocket(server.url, influencer.token, true);
    const seen = new Map<number, number>(); // seq → id, as the reader's store would keep it
    const live: number[] = [];
    let greetings = 0;
    let catchUpFailed: unknown;
    // Catch up from the highest seq held, as the app does; a request that fails (one sent on a
    // kept-alive connection to the killed process) is tried again, as a client would.
    const catchUp = () =>
      eventually(async () => {
        const since = Math.max(0, ...seen.keys());
        const res = await api(server.url, influencer.token).get(`/api/chat/conversations/${conversationId}/messages?afterSeq=${since}&limit=100`);
        res.body.messages?.forEach((m: any) => seen.set(m.seq, m.id));
      }, 2000).catch((e: unknown) => {
        catchUpFailed = e;
      });
    reader.on('connection:success', () => {
      greetings++;
      reader.emit('conversation:join', { conversationId });
      void catchUp();
    });
    // As the app does: a message reaches a socket in the conversation's room as message:new,
    // and a socket of the recipient's not in it (yet: the join may still be on its way) as
    // message:notification. Each message comes live at most once, by one or the other.
    const receive = (m: any) => {
      live.push(m.id);
      seen.set(m.seq, m.id);
    };
    reader.on('message:new', receive);
    reader.on('message:notification', ({ message }: any) => receive(message));
    await eventually(() => expect(greetings).toBe(1));
    await new Promise((r) => (sender.connected ? r(null) : sender.once('connect', () => r(null))));

    const send = (i: number) =>
      new Promise<any>((resolve) => {
        // Like the outbox: retry with the same tempId until an ack arrives.
        const attempt = () => sender.timeout(1000).emit('message:send', { conversationId, content: `r${i}`, tempId: `restart-${i}` }, (err: unknown, ack: any) => (err || !ack?.ok ? setTimeout(attempt, 100) : resolve(ack)));
        attempt();
      });
    for (let i = 0; i < 15; i++) await send(i);

    await server.stop('SIGKILL');
    const sending = Promise.all(Array.from({ length: 15 }, (_, i) => send(15 + i)));
    await sleep(300);
    server = await d.start();
    expect(server.port).toBe(d.port);
    await sending;
    await eventually(() => expect(greetings).toBeGreaterThanOrEqual(2), 15_000);

    const truth = await history(server.url, brand.token, conversationId);
    expectGapless(truth);
    expect(truth.filter((m) => m.tempId).length).toBe(30);
    await eventually(() => expect([...seen.entries()].sort((a, b) => a[0] - b[0])).toEqual(truth.map((m) => [m.seq, m.id])), 10_000);
    expect(new Set(live).size).toBe(live.length);
    expect(catchUpFailed).toBeUndefined();
  }, PROCESS_TEST_MS);
});
