import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, signInWithCookie } from '../helpers/clients';
import { createPair, type Pair } from '../helpers/chat';
import { startTestServer, type TestServer } from '../helpers/test-server';

const FRIEND = 'https://partner.example';

let server: TestServer;
let pair: Pair;
let cookie: string;

beforeAll(async () => {
  server = await startTestServer({ ALLOWED_ORIGINS: FRIEND });
  pair = await createPair(server);
  cookie = await signInWithCookie(server.url, pair.brand.email, pair.brand.password);
});
afterAll(async () => {
  await server?.close();
});

describe('[SECURITY] response headers', () => {
  it('serves pages with a nonce CSP that forbids inline script and framing, and every script of the page carries the nonce', async () => {
    const res = await fetch(`${server.url}/sign-in`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(scriptSrc)?.[1];
    expect(nonce).toBeTruthy();
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((tag) => !tag.includes(`nonce="${nonce}"`))).toEqual([]);
    // A fresh nonce on every response: a leaked one is worth nothing.
    const again = (await fetch(`${server.url}/sign-in`)).headers.get('content-security-policy');
    expect(again).not.toBe(csp);
  });

  it('serves API responses with a CSP that loads nothing, and nosniff', async () => {
    const res = await fetch(`${server.url}/api/health`);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('serves attachments sandboxed: nothing in an uploaded file can run', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')]), 'doc.pdf');
    const up = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${pair.brand.token}` } });
    const { url } = (await up.json()) as { url: string };
    const file = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${pair.brand.token}` } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'; sandbox");
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('[SECURITY] session cookie', () => {
  async function sessionCookie(headers: Record<string, string> = {}) {
    const csrfRes = await fetch(`${server.url}/api/auth/csrf`, { headers });
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const res = await fetch(`${server.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, ...headers },
      body: new URLSearchParams({ csrfToken, email: pair.brand.email, password: pair.brand.password, json: 'true' }),
    });
    return res.headers.getSetCookie().find((c) => c.includes('session-token='));
  }

  it('is HttpOnly and SameSite=Lax over plain HTTP', async () => {
    const set = await sessionCookie();
    expect(set).toMatch(/^next-auth\.session-token=/);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).toMatch(/;\s*SameSite=Lax/i);
    expect(set).toMatch(/;\s*Path=\//i);
  });

  it('is also Secure, with the __Secure- prefix, behind an HTTPS proxy', async () => {
    const set = await sessionCookie({ 'x-forwarded-proto': 'https' });
    expect(set).toMatch(/^__Secure-next-auth\.session-token=/);
    expect(set).toMatch(/;\s*Secure/i);
    expect(set).toMatch(/;\s*HttpOnly/i);
    expect(set).toMatch(/;\s*SameSite=Lax/i);
  });
});

describe('[SECURITY] cross-site request forgery', () => {
  const send = (headers: Record<string, string>, content: string) =>
    api(server.url).post('/api/chat/messages', { conversationId: pair.conversationId, content }, headers);

  async function history(): Promise<string[]> {
    const res = await api(server.url, pair.brand.token).get(`/api/chat/conversations/${pair.conversationId}/messages?limit=100`);
    return res.body.messages.map((m: { content: string }) => m.content);
  }

  it('a cookie-authenticated POST from another origin is refused and changes nothing', async () => {
    const forgeries: Record<string, string>[] = [
      { cookie, origin: 'https://evil.example' },
      { cookie, origin: 'null' },
      { cookie, 'sec-fetch-site': 'cross-site' },
      { cookie, origin: `${server.url}.evil.example` },
    ];
    for (const headers of forgeries) {
      const res = await send(headers, `forged ${JSON.stringify(headers.origin ?? headers['sec-fetch-site'])}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const del = await fetch(`${server.url}/api/chat/conversations/${pair.conversationId}`, { method: 'DELETE', headers: { cookie, origin: 'https://evil.example' } });
    expect(del.status).toBe(403);
    expect((await history()).filter((c) => c.startsWith('forged'))).toEqual([]);
  });

  it('accepts the same POST from our own origin, from ALLOWED_ORIGINS, from a non-browser client and with a bearer token', async () => {
    expect((await send({ cookie, origin: server.url }, 'own origin')).status).toBe(201);
    expect((await send({ cookie, origin: FRIEND }, 'friend origin')).status).toBe(201);
    expect((await send({ cookie, 'sec-fetch-site': 'same-origin' }, 'same-origin fetch')).status).toBe(201);
    expect((await send({ cookie }, 'no browser')).status).toBe(201);
    // A bearer token is never attached by the browser on its own, so it cannot be forged across sites.
    expect((await send({ authorization: `Bearer ${pair.brand.token}`, origin: 'https://evil.example' }, 'bearer')).status).toBe(201);
    // Reads are not mutations.
    expect((await fetch(`${server.url}/api/users/me`, { headers: { cookie, origin: 'https://evil.example' } })).status).toBe(200);
    expect(await history()).toEqual(expect.arrayContaining(['own origin', 'friend origin', 'same-origin fetch', 'no browser', 'bearer']));
  });
});

describe('[SECURITY] Socket.IO origins', () => {
  const handshake = (origin?: string) =>
    fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: origin ? { origin } : {} });

  it('refuses a handshake from another origin and allows ALLOWED_ORIGINS and our own', async () => {
    expect((await handshake('https://evil.example')).status).toBe(403);
    const friend = await handshake(FRIEND);
    expect(friend.status).toBe(200);
    expect(friend.headers.get('access-control-allow-origin')).toBe(FRIEND);
    expect((await handshake(server.url)).status).toBe(200);
    expect((await handshake()).status).toBe(200);
  });
});
