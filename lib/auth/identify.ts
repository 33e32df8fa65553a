import type { SessionGenerations } from './session-generations';
import { readToken, type Identity } from './tokens';

export const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'] as const;

export type CallerHints = {
  /** The Authorization header, or a Socket.IO `auth.token`: `Bearer <token>` or the bare token. */
  authorization?: string | null;
  /** The raw Cookie header. */
  cookie?: string | null;
};

/**
 * Who is calling a route handler or a server page: a bearer token wins, otherwise the
 * next-auth session cookie. A token issued before its user signed out everywhere, or whose
 * user is gone, is nobody. The /chat handshake reads the same token (callerToken) and checks
 * its session with the user row it reads anyway; /ws/notifications checks it on authenticate.
 */
export async function identifyCaller(
  hints: CallerHints,
  secret: string,
  sessions: Pick<SessionGenerations, 'accepts'>,
): Promise<Identity | null> {
  const token = callerToken(hints);
  return token ? acceptedIdentity(token, secret, sessions) : null;
}

/** The token a caller shows: a bearer token wins, otherwise the session cookie's. */
export function callerToken(hints: CallerHints): string | null {
  return parseBearer(hints.authorization) ?? readSessionCookie(hints.cookie);
}

/** The token's identity while its session stands (lib/auth/session-generations.ts), else null. */
export async function acceptedIdentity(token: string, secret: string, sessions: Pick<SessionGenerations, 'accepts'>): Promise<Identity | null> {
  const identity = await readToken(token, secret);
  return identity && (await sessions.accepts(identity)) ? identity : null;
}

export function parseBearer(value: string | null | undefined): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  const match = /^Bearer\s+(\S+)$/i.exec(trimmed);
  if (match) return match[1]!;
  return /^\S+$/.test(trimmed) ? trimmed : null;
}

/** Finds the session token in a Cookie header, joining next-auth's chunked cookies (`.0`, `.1`, …). */
export function readSessionCookie(header: string | null | undefined): string | null {
  if (!header) return null;
  const cookies = parseCookies(header);
  for (const name of SESSION_COOKIES) {
    const whole = cookies.get(name);
    if (whole) return whole;
    const chunks: string[] = [];
    for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
    if (chunks.length > 0) return chunks.join('');
  }
  return null;
}

export function parseCookies(header: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep the raw value: a malformed escape is not ours to fix
    }
    if (!map.has(name)) map.set(name, value);
  }
  return map;
}
