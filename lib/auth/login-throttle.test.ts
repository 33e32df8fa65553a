import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from '../rate-limit/rate-limiter';
import { LoginThrottle } from './login-throttle';

function throttle(now: () => number) {
  return new LoginThrottle(new MemoryRateLimiter({ perSecond: 1 / 60, burst: 3 }), new MemoryRateLimiter({ perSecond: 1 / 60, burst: 5 }), now);
}

describe('[SECURITY] login throttle', () => {
  it('refuses an account once its burst of failures is spent without checking the password, then lets it try again', async () => {
    let t = 0;
    const guard = throttle(() => t);
    let checks = 0;
    const wrong = () => guard.attempt({ email: 'A@x.io', ip: '1.1.1.1' }, async () => (checks++, null));
    for (let i = 0; i < 3; i++) expect(await wrong()).toBeNull();
    await expect(wrong()).rejects.toMatchObject({ code: 'rate_limited', retryAfter: expect.any(Number) });
    const before = checks;
    // Even the right password is not checked while locked out (and the email's case does not matter).
    await expect(guard.attempt({ email: 'a@x.io', ip: '2.2.2.2' }, async () => (checks++, 'ok'))).rejects.toMatchObject({ code: 'rate_limited' });
    expect(checks).toBe(before);
    t += 61_000;
    expect(await guard.attempt({ email: 'a@x.io', ip: '2.2.2.2' }, async () => 'ok')).toBe('ok');
  });

  it('refuses an IP that guesses across many accounts, and never counts successes', async () => {
    const guard = throttle(() => 0);
    for (let i = 0; i < 20; i++) expect(await guard.attempt({ email: `ok${i}@x.io`, ip: '9.9.9.9' }, async () => 'ok')).toBe('ok');
    for (let i = 0; i < 5; i++) expect(await guard.attempt({ email: `u${i}@x.io`, ip: '9.9.9.9' }, async () => null)).toBeNull();
    await expect(guard.attempt({ email: 'u9@x.io', ip: '9.9.9.9' }, async () => null)).rejects.toMatchObject({ code: 'rate_limited' });
    await expect(guard.attempt({ email: 'fresh@x.io', ip: '9.9.9.9' }, async () => 'ok')).rejects.toMatchObject({ code: 'rate_limited' });
    expect(await guard.attempt({ email: 'fresh@x.io', ip: '8.8.8.8' }, async () => 'ok')).toBe('ok');
  });

  it('a parallel burst of guesses on one account gets no more than the burst and one more checked', async () => {
    const guard = throttle(() => 0);
    let checks = 0;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        guard.attempt({ email: 'victim@x.io', ip: `10.0.0.${i}` }, async () => {
          checks++;
          await new Promise((r) => setTimeout(r, 1));
          return null;
        }),
      ),
    );
    expect(checks).toBe(4);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(47);
  });
});
