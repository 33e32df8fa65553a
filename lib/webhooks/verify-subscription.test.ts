import { describe, expect, it } from 'vitest';
import { verifySubscription } from './verify-subscription';

const q = (s: string) => new URLSearchParams(s);

describe('[WEBHOOKS] verification handshake', () => {
  it('returns the challenge for subscribe with our token', () => {
    expect(verifySubscription(q('hub.mode=subscribe&hub.verify_token=t0k&hub.challenge=abc'), 't0k')).toBe('abc');
  });

  it('is forbidden for another token or mode, and unavailable when unconfigured', () => {
    expect(() => verifySubscription(q('hub.mode=subscribe&hub.verify_token=t0&hub.challenge=abc'), 't0k')).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(() => verifySubscription(q('hub.mode=other&hub.verify_token=t0k'), 't0k')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => verifySubscription(q('hub.mode=subscribe&hub.verify_token=t0k'), undefined)).toThrow(
      expect.objectContaining({ code: 'unavailable' }),
    );
  });
});
