import { decode, encode } from 'next-auth/jwt';
import type { Role } from '../contracts/common';

/** Sessions and API tokens live for 30 days. */
export const TOKEN_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

/**
 * What a session cookie or API token says about its bearer. `generation` is the user's
 * session generation when it was issued (claim `gen`, 0 when absent): signing out everywhere
 * moves the user's generation on, and every token of an older one is refused from then on
 * (lib/auth/session-generations.ts).
 */
export type Identity = { userId: string; role: Role; name: string; generation: number };

/** Who acts, as the domain functions need it. */
export type Caller = Pick<Identity, 'userId' | 'role' | 'name'>;

/**
 * Mints an API token. It is the same encrypted JWT next-auth puts in its session
 * cookie, so one secret and one decoder serve browser sessions and API clients.
 */
export async function mintToken(identity: Identity, secret: string): Promise<{ token: string; expiresAt: string }> {
  const token = await encode({
    token: { sub: identity.userId, role: identity.role, name: identity.name, gen: identity.generation },
    secret,
    maxAge: TOKEN_MAX_AGE_SECONDS,
  });
  return { token, expiresAt: new Date(Date.now() + TOKEN_MAX_AGE_SECONDS * 1000).toISOString() };
}

/**
 * Tokens already decrypted, with their expiry: every request and socket handshake of a
 * client carries the same token, and decrypting it (a key derivation on the thread pool,
 * then AES-GCM) is most of an authenticated request's own time. Kept with the secret it was
 * read under, so a changed secret decides anew; bounded, least recently used out first.
 */
const verified = new Map<string, { identity: Readonly<Identity>; secret: string; expiresAt: number }>();
const VERIFIED_MAX = 10_000;

/** Reads a token or session cookie value; null when forged, expired or malformed. */
export async function readToken(token: string, secret: string): Promise<Identity | null> {
  if (!token || token.length > 4096) return null;
  const known = verified.get(token);
  if (known) {
    verified.delete(token);
    // Past its expiry, or read under another secret, the decoder decides, as for a new token.
    if (known.secret === secret && known.expiresAt > Date.now()) {
      verified.set(token, known);
      return known.identity;
    }
  }
  try {
    const payload = await decode({ token, secret });
    if (!payload || typeof payload.sub !== 'string') return null;
    if (payload.role !== 'brand' && payload.role !== 'influencer') return null;
    const identity: Identity = {
      userId: payload.sub,
      role: payload.role,
      name: typeof payload.name === 'string' ? payload.name : '',
      generation: typeof payload.gen === 'number' && Number.isSafeInteger(payload.gen) ? payload.gen : 0,
    };
    // decode has checked exp; a token without one lives as long as this process's maximum.
    const expiresAt = typeof payload.exp === 'number' ? payload.exp * 1000 : Date.now() + TOKEN_MAX_AGE_SECONDS * 1000;
    verified.set(token, { identity: Object.freeze(identity), secret, expiresAt });
    if (verified.size > VERIFIED_MAX) verified.delete(verified.keys().next().value!);
    return identity;
  } catch {
    return null;
  }
}
