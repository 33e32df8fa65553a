import type Redis from 'ioredis';
import { AppError } from '../errors';
import { TokenBuckets, type BucketOptions } from './token-bucket';

/** A per-key limit shared by every transport (and, with Redis, every process). */
export interface RateLimiter {
  /** Throws `rate_limited` (with the wait as Retry-After) when `key` is over its limit. */
  consume(key: string, what: string): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  readonly buckets: TokenBuckets;
  constructor(options: BucketOptions) {
    this.buckets = new TokenBuckets(options);
  }
  async consume(key: string, what: string): Promise<void> {
    this.buckets.consume(key, what);
  }
}

// Refill and take atomically in Redis: returns 0 when allowed, else milliseconds to wait.
const TAKE = `
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local state = redis.call('HMGET', key, 't', 'a')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (math.max(0, now - at) / 1000) * rate)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate * 1000) end
redis.call('HSET', key, 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', key, math.ceil(burst / rate * 1000) + 1000)
return wait
`;

/**
 * Token buckets in Redis, so a user with tabs on several processes has one limit. If Redis
 * cannot answer, the local bucket decides: a Redis outage must not stop people chatting.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly #local: TokenBuckets;
  constructor(
    private readonly redis: Redis,
    /** Key namespace, e.g. `collabwire:rl:messages`. */
    private readonly name: string,
    private readonly options: BucketOptions,
  ) {
    this.#local = new TokenBuckets(options);
  }

  async consume(key: string, what: string): Promise<void> {
    let waitMs: number;
    try {
      if (this.redis.status !== 'ready') throw new Error('redis not ready');
      waitMs = Number(await this.redis.eval(TAKE, 1, `${this.name}:${key}`, this.options.perSecond, this.options.burst, Date.now()));
    } catch {
      waitMs = this.#local.take(key) * 1000;
    }
    if (waitMs > 0) throw new AppError('rate_limited', `Too many ${what}; slow down`, undefined, waitMs / 1000);
  }
}
