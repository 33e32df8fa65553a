import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createUser } from '../helpers/clients';
import { createPair } from '../helpers/chat';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n');

async function upload(token: string | undefined, bytes: Uint8Array, name: string, type = 'application/octet-stream') {
  const form = new FormData();
  form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  const res = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as any };
}

const download = (token: string, url: string) => fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } });

describe('[UPLOADS] storing and serving attachments', () => {
  it('stores an image with its sniffed type and serves it inline to the uploader', async () => {
    const u = await createUser(server.url, 'brand');
    const res = await upload(u.token, PNG, '../../etc/pixel.png', 'text/html');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ attachmentId: expect.any(String), name: 'pixel.png', size: PNG.length, mime: 'image/png' });
    expect(res.body.url).toBe(`/api/uploads/${res.body.attachmentId}`);
    const file = await download(u.token, res.body.url);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('serves documents as attachments', async () => {
    const u = await createUser(server.url, 'brand');
    const res = await upload(u.token, PDF, 'brief.pdf', 'application/pdf');
    expect(res.body.mime).toBe('application/pdf');
    const file = await download(u.token, res.body.url);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="brief.pdf"/);
  });

  it('refuses types off the allowlist whatever the client claims, empty files and non-multipart bodies', async () => {
    const u = await createUser(server.url, 'brand');
    const html = await upload(u.token, Buffer.from('<script>alert(1)</script>'), 'x.png', 'image/png');
    expect(html.status).toBe(400);
    expect(html.body.error.code).toBe('invalid_input');
    const exe = await upload(u.token, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]), 'tool.pdf', 'application/pdf');
    expect(exe.status).toBe(400);
    expect((await upload(u.token, new Uint8Array(), 'empty.txt')).status).toBe(400);
    const text = await upload(u.token, Buffer.from('name,handle\nmaya,mayamakes\n'), 'list.csv', 'text/csv');
    expect(text.body.mime).toBe('text/csv');
    const notMultipart = await api(server.url, u.token).post('/api/uploads', { file: 'x' });
    expect(notMultipart.status).toBe(400);
    expect((await upload(undefined, PNG, 'a.png')).status).toBe(401);
  });

  it('answers 413 payload_too_large above 10 MB', async () => {
    const u = await createUser(server.url, 'brand');
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    big.write('%PDF-1.4');
    const res = await upload(u.token, big, 'big.pdf');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('shows a file to the other participant once a message references it, and never to a stranger', async () => {
    const { brand, influencer, conversationId } = await createPair(server);
    const stranger = await createUser(server.url, 'influencer');
    const up = await upload(brand.token, PNG, 'moodboard.png');
    expect((await download(influencer.token, up.body.url)).status).toBe(404);
    const sent = await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: '', attachmentId: up.body.attachmentId });
    expect(sent.status).toBe(201);
    expect(sent.body.message).toMatchObject({
      messageType: 'image',
      content: '',
      attachmentUrl: up.body.url,
      attachmentName: 'moodboard.png',
      attachmentSize: PNG.length,
      attachmentMime: 'image/png',
    });
    // History and the inbox build their JSON in SQL: the same message, field for field.
    const history = await api(server.url, influencer.token).get(`/api/chat/conversations/${conversationId}/messages`);
    expect(history.body).toEqual({ messages: [sent.body.message], hasMore: false });
    const opened = await api(server.url, brand.token).post('/api/chat/conversations', { participantId: influencer.user.id });
    const inbox = await api(server.url, brand.token).get('/api/chat/conversations');
    const single = await api(server.url, brand.token).get(`/api/chat/conversations/${conversationId}`);
    expect(inbox.body.conversations.find((c: any) => c.id === conversationId)).toEqual(opened.body.conversation);
    expect(single.body).toEqual({ conversation: opened.body.conversation });
    expect(single.body.conversation.lastMessage).toEqual(sent.body.message);
    expect((await download(influencer.token, up.body.url)).status).toBe(200);
    expect((await download(stranger.token, up.body.url)).status).toBe(404);
    // Someone else's upload cannot be attached.
    const theirs = await upload(stranger.token, PNG, 'mine.png');
    const steal = await api(server.url, brand.token).post('/api/chat/messages', { conversationId, content: 'x', attachmentId: theirs.body.attachmentId });
    expect(steal.status).toBe(400);
    expect((await download(brand.token, '/api/uploads/not-a-uuid')).status).toBe(400);
  });
});
