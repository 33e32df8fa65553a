import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat, nextEvent, type ChatClient } from '../helpers/clients';
import { createPair } from '../helpers/chat';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { startTestServer, type TestServer } from '../helpers/test-server';

const redisUrl = process.env.REDIS_URL_TEST;

describe.skipIf(!redisUrl || process.env.TEST_DB === 'postgres')('[SCALE] a Redis outage', () => {
  let proxy: TcpProxy;
  let server: TestServer;
  const sockets: ChatClient[] = [];

  beforeAll(async () => {
    proxy = await startTcpProxy(Number(new URL(redisUrl!).port || 6379), new URL(redisUrl!).hostname);
    server = await startTestServer({ REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_PREFIX: `cwoutage-${Date.now()}` });
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await server?.close();
    await proxy?.close();
  });

  it('degrades health, keeps local rooms working and recovers by itself', async () => {
    expect((await api(server.url).get('/api/health')).body).toMatchObject({ status: 'ok', realtime: 'redis', redis: 'ok' });
    const { brand, influencer, conversationId } = await createPair(server);
    const a = await connectChat(server.url, { token: brand.token });
    const b = await connectChat(server.url, { token: influencer.token });
    sockets.push(a, b);
    const join = (s: ChatClient) => new Promise((r) => s.emit('conversation:join', { conversationId }, r));
    await join(a);
    await join(b);

    await proxy.cut();
    await expect.poll(async () => (await api(server.url).get('/api/health')).body, { timeout: 10_000 }).toMatchObject({ status: 'degraded', db: 'ok', redis: 'unavailable' });

    const during = nextEvent(b, 'message:new');
    const ack = await new Promise<any>((r) => a.emit('message:send', { conversationId, content: 'while redis is away' }, r));
    expect(ack.ok).toBe(true);
    expect((await during).content).toBe('while redis is away');

    await proxy.restore();
    await expect.poll(async () => (await api(server.url).get('/api/health')).body, { timeout: 15_000 }).toMatchObject({ status: 'ok', redis: 'ok' });
    const after = nextEvent(b, 'message:new');
    expect((await new Promise<any>((r) => a.emit('message:send', { conversationId, content: 'redis is back' }, r))).ok).toBe(true);
    expect((await after).content).toBe('redis is back');
  }, 40_000);
});
