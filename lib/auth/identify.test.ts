import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { identifyCaller, parseBearer, parseCookies, readSessionCookie } from './identify';
import { mintToken, readToken } from './tokens';

const secret = 'x'.repeat(40);
/** Sessions where every user exists and nobody signed out everywhere. */
const everyone = { accepts: async () => true };

describe('[AUTH] identifying a caller', () => {
  it('parses bearer headers and bare tokens, nothing else', () => {
    expect(parseBearer('Bearer abc.def')).toBe('abc.def');
    expect(parseBearer('bearer   abc')).toBe('abc');
    expect(parseBearer('abc')).toBe('abc');
    expect(parseBearer('Bearer')).toBe('Bearer');
    expect(parseBearer('two words')).toBeNull();
    expect(parseBearer('')).toBeNull();
    expect(parseBearer(undefined)).toBeNull();
  });

  it('reads the session cookie, secure or not, and joins chunked cookies', () => {
    expect(readSessionCookie('a=1; next-auth.session-token=tok; b=2')).toBe('tok');
    expect(readSessionCookie('__Secure-next-auth.session-token=sec')).toBe('sec');
    expect(readSessionCookie('next-auth.session-token.0=ab; next-auth.session-token.1=cd')).toBe('abcd');
    expect(readSessionCookie('other=1')).toBeNull();
    expect(parseCookies('x=%E2%9C%93; bad=%E2').get('x')).toBe('✓');
  });

  it('accepts a minted token as bearer or cookie and rejects one signed with another secret', async () => {
    const { token } = await mintToken({ userId: 'u1', role: 'brand', name: 'B', generation: 0 }, secret);
    expect(await identifyCaller({ authorization: `Bearer ${token}` }, secret, everyone)).toEqual({ userId: 'u1', role: 'brand', name: 'B', generation: 0 });
    expect(await identifyCaller({ cookie: `next-auth.session-token=${token}` }, secret, everyone)).toMatchObject({ userId: 'u1' });
    expect(await identifyCaller({ authorization: token }, 'y'.repeat(40), everyone)).toBeNull();
    expect(await identifyCaller({}, secret, everyone)).toBeNull();
  });

  afterEach(() => vi.useRealTimers());

  it('stops accepting a token it has already read once that token expires', async () => {
    const token = await encode({ token: { sub: 'u2', role: 'influencer', name: 'I' }, secret, maxAge: 60 });
    expect(await readToken(token, secret)).toMatchObject({ userId: 'u2' });
    // Read again within its life (now from memory), then after it.
    expect(await readToken(token, secret)).toMatchObject({ userId: 'u2' });
    // Past its expiry and the decoder's clock tolerance.
    vi.useFakeTimers({ now: Date.now() + 120_000, toFake: ['Date'] });
    expect(await readToken(token, secret)).toBeNull();
    expect(await identifyCaller({ authorization: `Bearer ${token}` }, secret, everyone)).toBeNull();
  });

  it('does not carry a token it has read over to another secret', async () => {
    const { token } = await mintToken({ userId: 'u3', role: 'brand', name: 'B', generation: 0 }, secret);
    expect(await readToken(token, secret)).toMatchObject({ userId: 'u3' });
    expect(await readToken(token, 'z'.repeat(40))).toBeNull();
    expect(await readToken(`${token}x`, secret)).toBeNull();
  });

  it('refuses a token issued under an older session generation, by bearer and by cookie', async () => {
    const current = new Map([['u4', 2]]);
    const sessions = { accepts: async (i: { userId: string; generation: number }) => i.generation >= (current.get(i.userId) ?? Infinity) };
    const old = (await mintToken({ userId: 'u4', role: 'brand', name: 'B', generation: 1 }, secret)).token;
    const fresh = (await mintToken({ userId: 'u4', role: 'brand', name: 'B', generation: 2 }, secret)).token;
    expect(await readToken(old, secret)).toMatchObject({ userId: 'u4', generation: 1 });
    expect(await identifyCaller({ authorization: `Bearer ${old}` }, secret, sessions)).toBeNull();
    expect(await identifyCaller({ cookie: `next-auth.session-token=${old}` }, secret, sessions)).toBeNull();
    expect(await identifyCaller({ authorization: `Bearer ${fresh}` }, secret, sessions)).toMatchObject({ userId: 'u4', generation: 2 });
    // A token minted before generations existed counts as generation 0.
    const legacy = await encode({ token: { sub: 'u4', role: 'brand', name: 'B' }, secret, maxAge: 60 });
    expect(await readToken(legacy, secret)).toMatchObject({ generation: 0 });
  });
});
