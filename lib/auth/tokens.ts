import { decode, encode } from 'next-auth/jwt';
import type { Role } from '../contracts/common';

/** Sessions and API tokens live for 30 days. */
export const TOKEN_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/** What a session cookie or API token says about its bearer. */
export type Identity = { userId: string; role: Role; name: string };

/**
 * Mints an API token. It is the same encrypted JWT next-auth puts in its session
 * cookie, so one secret and one decoder serve browser sessions and API clients.
 */
export async function mintToken(identity: Identity, secret: string): Promise<{ token: string; expiresAt: string }> {
  const token = await encode({
    token: { sub: identity.userId, role: identity.role, name: identity.name },
    secret,
    maxAge: TOKEN_MAX_AGE_SECONDS,
  });
  return { token, expiresAt: new Date(Date.now() + TOKEN_MAX_AGE_SECONDS * 1000).toISOString() };
}

/** Reads a token or session cookie value; null when forged, expired or malformed. */
export async function readToken(token: string, secret: string): Promise<Identity | null> {
  if (!token || token.length > 4096) return null;
  try {
    const payload = await decode({ token, secret });
    if (!payload || typeof payload.sub !== 'string') return null;
    if (payload.role !== 'brand' && payload.role !== 'influencer') return null;
    return { userId: payload.sub, role: payload.role, name: typeof payload.name === 'string' ? payload.name : '' };
  } catch {
    return null;
  }
}
