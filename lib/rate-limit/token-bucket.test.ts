import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-bucket';

describe('[LIMITS] token bucket', () => {
  it('allows a burst, then refills at the configured rate', () => {
    let t = 0;
    const b = new TokenBuckets({ perSecond: 10, burst: 20 }, () => t);
    for (let i = 0; i < 20; i++) expect(b.take('u')).toBe(0);
    expect(b.take('u')).toBeCloseTo(0.1);
    t += 100;
    expect(b.take('u')).toBe(0);
    expect(b.take('u')).toBeGreaterThan(0);
    t += 5000;
    for (let i = 0; i < 20; i++) expect(b.take('u')).toBe(0);
    expect(b.take('u')).toBeGreaterThan(0);
  });

  it('keeps users apart and throws rate_limited with a wait', () => {
    const b = new TokenBuckets({ perSecond: 1, burst: 1 }, () => 0);
    b.consume('a', 'messages');
    b.consume('b', 'messages');
    expect(() => b.consume('a', 'messages')).toThrow(expect.objectContaining({ code: 'rate_limited', retryAfter: 1 }));
  });

  it('forgets idle buckets', () => {
    let t = 0;
    const b = new TokenBuckets({ perSecond: 10, burst: 20 }, () => t);
    b.take('a');
    t = 120_000;
    b.take('b');
    expect(b.size).toBe(1);
  });
});
