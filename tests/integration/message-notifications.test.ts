import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectChat } from '../helpers/clients';
import { createPair } from '../helpers/chat';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const messageNotes = async (token: string) =>
  ((await api(server.url, token).get('/api/notifications')).body.notifications as any[]).filter((n) => n.kind === 'message');

describe('[CHAT] messages to someone away', () => {
  it('leave one notification per conversation with the latest preview and a count, and none while connected', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'Are you there?' });
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'Call me when you can' });
    await expect.poll(() => messageNotes(influencer.token)).toHaveLength(1);
    const [note] = await messageNotes(influencer.token);
    expect(note.readAt).toBeNull();
    expect(note.payload).toMatchObject({ conversationId, senderName: brand.user.name, preview: 'Call me when you can', count: 2 });

    // Connected: the live events tell her; no new notification.
    const socket = await connectChat(server.url, { token: influencer.token });
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'Seen live' });
    await new Promise((r) => setTimeout(r, 200));
    expect((await messageNotes(influencer.token))[0].payload.count).toBe(2);
    socket.close();
    // Nothing for the sender.
    expect(await messageNotes(brand.token)).toHaveLength(0);
  });

  it('tells the reader’s other tabs when notifications are marked read', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'ping' });
    await expect.poll(() => messageNotes(influencer.token)).toHaveLength(1);
    const [note] = await messageNotes(influencer.token);
    const otherTab = await connectChat(server.url, { token: influencer.token });
    const heard = new Promise<any>((r) => otherTab.once('notification:read', r));
    const res = await api(server.url, influencer.token).post('/api/notifications/read', { ids: [note.id] });
    expect(res.status).toBe(200);
    expect(await heard).toMatchObject({ ids: [note.id], unreadCount: res.body.unreadCount, at: expect.any(String) });
    otherTab.close();
  });
});
