import { AppError } from '../errors';

export type BucketOptions = { perSecond: number; burst: number };

/**
 * Per-key token buckets: `burst` tokens, refilled at `perSecond`. Idle buckets are
 * forgotten, so memory follows the active users, not all users ever seen.
 */
export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  #lastSweep = 0;

  constructor(
    readonly options: BucketOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`; returns 0 when allowed, else the seconds until one is free. */
  take(key: string, cost = 1): number {
    const now = this.now();
    this.#sweep(now);
    const { perSecond, burst } = this.options;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return (cost - bucket.tokens) / perSecond;
  }

  /** Like take(), but throws `rate_limited` with the wait as Retry-After. */
  consume(key: string, what: string): void {
    const wait = this.take(key);
    if (wait > 0) throw new AppError('rate_limited', `Too many ${what}; slow down`, undefined, wait);
  }

  get size(): number {
    return this.#buckets.size;
  }

  #sweep(now: number) {
    if (now - this.#lastSweep < 60_000) return;
    this.#lastSweep = now;
    const full = (this.options.burst / this.options.perSecond) * 1000;
    for (const [key, b] of this.#buckets) if (now - b.at > full) this.#buckets.delete(key);
  }
}
