import { AppError, isAppError } from '../errors';
import type { RateLimiter } from '../rate-limit/rate-limiter';

/** Sign-in attempts: the email tried and where the attempt came from. */
export type LoginAttempt = { email: string; ip: string };

/**
 * Limits password guessing per account and per client IP. Only failures spend tokens, so
 * people who sign in correctly (many colleagues behind one office NAT, a test suite on
 * 127.0.0.1) are never slowed; a guesser is refused before the password is even checked.
 */
export class LoginThrottle {
  /** Keys refused until a time (ms): checked before any password work is done. */
  readonly #blockedUntil = new Map<string, number>();
  /** Attempts on one key run one at a time, so a parallel burst cannot outrun the count. */
  readonly #queues = new Map<string, Promise<void>>();

  constructor(
    private readonly byAccount: RateLimiter,
    private readonly byIp: RateLimiter,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `check` (true = the password was right) unless the account or IP is locked out. */
  async attempt<T>(who: LoginAttempt, check: () => Promise<T | null>): Promise<T | null> {
    const keys = this.#keys(who);
    // Account before IP, always: no attempt holds an IP while waiting for an account.
    return this.#serial(keys[0], () => this.#serial(keys[1], () => this.#attempt(keys, check)));
  }

  async #attempt<T>(keys: [string, string], check: () => Promise<T | null>): Promise<T | null> {
    const now = this.now();
    for (const key of keys) {
      const until = this.#blockedUntil.get(key);
      if (until === undefined) continue;
      if (until > now) throw tooMany((until - now) / 1000);
      this.#blockedUntil.delete(key);
    }
    const result = await check();
    if (result !== null) return result;
    await this.#fail(keys);
    return null;
  }

  async #fail([account, ip]: [string, string]) {
    let wait = 0;
    for (const [key, limiter] of [
      [account, this.byAccount],
      [ip, this.byIp],
    ] as const) {
      try {
        await limiter.consume(key, 'sign-in attempts');
      } catch (e) {
        if (!isAppError(e) || e.code !== 'rate_limited') throw e;
        const seconds = e.retryAfter ?? 1;
        this.#blockedUntil.set(key, this.now() + seconds * 1000);
        wait = Math.max(wait, seconds);
      }
    }
    if (this.#blockedUntil.size > 10_000) this.#sweep();
    if (wait > 0) throw tooMany(wait);
  }

  async #serial<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.#queues.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.#queues.get(key) === tail) this.#queues.delete(key);
    }
  }

  #keys({ email, ip }: LoginAttempt): [string, string] {
    return [`account:${email.trim().toLowerCase()}`, `ip:${ip}`];
  }

  #sweep() {
    const now = this.now();
    for (const [key, until] of this.#blockedUntil) if (until <= now) this.#blockedUntil.delete(key);
  }
}

function tooMany(seconds: number): AppError {
  return new AppError('rate_limited', 'Too many sign-in attempts; try again later', undefined, seconds);
}
