import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat } from '../helpers/clients';
import { createPair } from '../helpers/chat';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ METRICS_TOKEN: 'metrics-secret-token' });
});
afterAll(async () => {
  await server?.close();
});

describe('[OPS] /api/metrics', () => {
  it('needs the metrics token when one is set', async () => {
    expect((await api(server.url).get('/api/metrics')).status).toBe(401);
    expect((await api(server.url, 'wrong-token').get('/api/metrics')).status).toBe(401);
    const res = await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer metrics-secret-token' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('counts sockets, sends, latency, errors and event-loop lag', async () => {
    const { brand, conversationId } = await createPair(server);
    const socket = await connectChat(server.url, { token: brand.token });
    const ack = await new Promise<any>((r) => socket.emit('message:send', { conversationId, content: 'measured' }, r));
    expect(ack.ok).toBe(true);
    await new Promise((r) => socket.emit('message:send', { conversationId: 'bad' } as any, r));
    const text = await (await fetch(`${server.url}/api/metrics`, { headers: { authorization: 'Bearer metrics-secret-token' } })).text();
    expect(text).toMatch(/collabwire_sockets_connected\{transport="websocket"\} 1/);
    expect(text).toMatch(/collabwire_messages_sent_total\{transport="socket"\} 1/);
    expect(text).toMatch(/collabwire_send_duration_seconds_count\{transport="socket"\} 1/);
    expect(text).toMatch(/collabwire_errors_total\{code="invalid_input",transport="socket"\} 1/);
    expect(text).toMatch(/collabwire_nodejs_eventloop_lag_seconds/);
    expect(text).toMatch(/collabwire_redis_up -1/);
    socket.close();
  });
});
