import { describe, expect, it } from 'vitest';
import { identifyCaller, parseBearer, parseCookies, readSessionCookie } from './identify';
import { mintToken } from './tokens';

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
});
