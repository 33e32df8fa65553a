import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { identifyCaller, parseBearer, parseCookies, readSessionCookie } from './identify';
import { mintToken, readToken } from './tokens';

const secret = 'x'.repeat(40);

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
    const { token } = await mintToken({ userId: 'u1', role: 'brand', name: 'B' }, secret);
    expect(await identifyCaller({ authorization: `Bearer ${token}` }, secret)).toEqual({ userId: 'u1', role: 'brand', name: 'B' });
    expect(await identifyCaller({ cookie: `next-auth.session-token=${token}` }, secret)).toMatchObject({ userId: 'u1' });
    expect(await identifyCaller({ authorization: token }, 'y'.repeat(40))).toBeNull();
    expect(await identifyCaller({}, secret)).toBeNull();
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
    expect(await identifyCaller({ authorization: `Bearer ${token}` }, secret)).toBeNull();
  });

  it('does not carry a token it has read over to another secret', async () => {
    const { token } = await mintToken({ userId: 'u3', role: 'brand', name: 'B' }, secret);
    expect(await readToken(token, secret)).toMatchObject({ userId: 'u3' });
    expect(await readToken(token, 'z'.repeat(40))).toBeNull();
    expect(await readToken(`${token}x`, secret)).toBeNull();
  });
});
