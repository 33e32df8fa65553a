import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/contracts/events';
import type { Me, PublicUser } from '@/lib/contracts/common';

export type ApiResponse<T = any> = { status: number; body: T; headers: Headers };

/** Under the tests' own timeout, so that a request that is never answered says which it was. */
const API_TIMEOUT_MS = 25_000;

/** A tiny JSON client for one server and, optionally, one bearer token. */
export function api(baseUrl: string, token?: string) {
  const call = async <T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> => {
    let res: Response;
    let text: string;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined && typeof body !== 'string' ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(API_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (e) {
      if ((e as Error).name !== 'TimeoutError') throw e;
      throw new Error(`${method} ${path}: no answer within ${API_TIMEOUT_MS / 1000} s`);
    }
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  };
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => call<T>('POST', path, body ?? {}, headers),
    put: <T = any>(path: string, body?: unknown) => call<T>('PUT', path, body ?? {}),
    del: <T = any>(path: string) => call<T>('DELETE', path),
  };
}

export type TestUser = { user: PublicUser; token: string; email: string; password: string };

/** Registers a unique user of `role` and returns it with an API token. */
export async function createUser(
  baseUrl: string,
  role: 'brand' | 'influencer',
  overrides: { name?: string; email?: string; handle?: string; bio?: string } = {},
): Promise<TestUser> {
  const id = randomUUID().slice(0, 8);
  const email = overrides.email ?? `${role}-${id}@example.test`;
  const password = `pw-${id}-secret`;
  const client = api(baseUrl);
  const reg = await client.post<{ user: PublicUser }>('/api/auth/register', {
    email,
    password,
    name: overrides.name ?? `${role === 'brand' ? 'Brand' : 'Creator'} ${id}`,
    role,
    ...(overrides.handle ? { handle: overrides.handle } : {}),
    ...(overrides.bio ? { bio: overrides.bio } : {}),
  });
  if (reg.status !== 201) throw new Error(`register failed: ${reg.status} ${JSON.stringify(reg.body)}`);
  const tok = await client.post<{ token: string; user: Me }>('/api/auth/token', { email, password });
  if (tok.status !== 200) throw new Error(`token failed: ${tok.status}`);
  return { user: reg.body.user, token: tok.body.token, email, password };
}

export type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents> & {
  hello: Parameters<ServerToClientEvents['connection:success']>[0];
};

/** A /chat client that the server has greeted; rejects with the connect_error message. */
export function connectChat(
  baseUrl: string,
  options: { token?: string; cookie?: string; transports?: ('websocket' | 'polling')[] } = {},
): Promise<ChatClient> {
  const socket = io(`${baseUrl}/chat`, {
    auth: options.token ? { token: `Bearer ${options.token}` } : {},
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
  }) as ChatClient;
  return new Promise((resolve, reject) => {
    socket.once('connection:success', (hello) => {
      socket.hello = hello;
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Resolves with the next `event` on `socket`, or rejects after `ms`. */
export function nextEvent<T = any>(socket: { once: (...a: any[]) => any; off: (...a: any[]) => any }, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const handler = (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, handler);
  });
}

/** Signs in through next-auth's credentials flow and returns the session Cookie header. */
export async function signInWithCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const csrfRes = await fetch(`${baseUrl}/api/auth/csrf`);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const csrfCookie = csrfRes.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ csrfToken, email, password, json: 'true' }),
  });
  const session = res.headers.getSetCookie().find((c) => c.includes('session-token='));
  if (!session) throw new Error(`sign-in failed with ${res.status}`);
  return session.split(';')[0]!;
}
