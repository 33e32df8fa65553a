import type Redis from 'ioredis';
import type { SocketCounter } from './presence';


// KEYS: user set, users index. ARGV: socket, now, expiry, userId. Returns 1 when it is the first live socket.
const ADD = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local before = redis.call('ZCARD', KEYS[1])
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('ZADD', KEYS[2], 'GT', ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[2], 'NX', ARGV[3], ARGV[4])
return before == 0 and 1 or 0
`;

// Returns 1 when the socket was there and no live socket remains.
const REMOVE = `
local removed = redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
local left = redis.call('ZCARD', KEYS[1])
if left == 0 then redis.call('ZREM', KEYS[2], ARGV[3]) end
return (removed == 1 and left == 0) and 1 or 0
`;

// A user whose sockets all expired (their process died): returns 1 when it is now offline.
const EXPIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) == 0 then
  return redis.call('ZREM', KEYS[2], ARGV[2])
end
return 0
`;

/**
 * Sockets per user across processes. Each socket is a member with an expiry that its
 * process keeps pushing forward; when a process dies its sockets lapse, and whichever
 * process sweeps next takes their users offline.
 */
export class RedisSocketCounter implements SocketCounter {
  readonly #local = new Map<string, string>(); // socketId → userId
  #timer: NodeJS.Timeout | undefined;
  readonly #users: string;
  readonly #userKey: (userId: string) => string;
  readonly #lock: string;

  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    prefix: string,
  ) {
    this.#users = `${prefix}:presence:users`;
    this.#userKey = (userId) => `${prefix}:presence:u:${userId}`;
    this.#lock = `${prefix}:presence:sweep`;
  }

  async add(userId: string, socketId: string): Promise<boolean> {
    this.#local.set(socketId, userId);
    const now = Date.now();
    return (await this.redis.eval(ADD, 2, this.#userKey(userId), this.#users, socketId, now, now + this.ttlMs, userId)) === 1;
  }

  async remove(userId: string, socketId: string): Promise<boolean> {
    this.#local.delete(socketId);
    return (await this.redis.eval(REMOVE, 2, this.#userKey(userId), this.#users, socketId, Date.now(), userId)) === 1;
  }

  async isConnected(userId: string): Promise<boolean> {
    return (await this.redis.zcount(this.#userKey(userId), Date.now(), '+inf')) > 0;
  }

  /**
   * Keeps this process's sockets alive and sweeps users whose sockets lapsed elsewhere.
   * `onRevived` hears of a user whose sockets here had lapsed and been swept (this process
   * stood still past the expiry: a long pause, a stopped VM) and who is online again.
   */
  start(handlers: {
    onExpired: (userId: string) => Promise<void>;
    onRevived: (userId: string) => Promise<void>;
    onError: (err: unknown) => void;
  }): void {
    const every = Math.max(100, Math.floor(this.ttlMs / 3));
    this.#timer = setInterval(() => {
      this.#refresh(handlers.onRevived)
        .then(() => this.#sweep(handlers.onExpired, every))
        .catch(handlers.onError);
    }, every);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  async #refresh(onRevived: (userId: string) => Promise<void>): Promise<void> {
    if (this.#local.size === 0) return;
    const expiry = Date.now() + this.ttlMs;
    const sockets = [...this.#local];
    const batch = this.redis.pipeline();
    for (const [socketId, userId] of sockets) {
      // XX: a socket removed meanwhile is not brought back. CH: 0 when it was not there.
      batch.zadd(this.#userKey(userId), 'XX', 'CH', expiry, socketId);
      batch.zadd(this.#users, 'GT', expiry, userId);
    }
    const results = (await batch.exec()) ?? [];
    for (let i = 0; i < sockets.length; i++) {
      const [err, changed] = results[i * 2] ?? [];
      if (err || changed !== 0) continue;
      const [socketId, userId] = sockets[i]!;
      // Still open here, yet swept by another process: add it again. A close after this check
      // sends its removal after the add, on the same connection, so nothing is left behind.
      if (this.#local.get(socketId) !== userId) continue;
      if (await this.add(userId, socketId)) await onRevived(userId);
    }
  }

  async #sweep(onExpired: (userId: string) => Promise<void>, lockMs: number): Promise<void> {
    // One sweeper at a time across processes.
    const locked = await this.redis.set(this.#lock, String(process.pid), 'PX', lockMs, 'NX');
    if (!locked) return;
    const now = Date.now();
    const stale = await this.redis.zrangebyscore(this.#users, '-inf', now, 'LIMIT', 0, 500);
    for (const userId of stale) {
      if ((await this.redis.eval(EXPIRE, 2, this.#userKey(userId), this.#users, now, userId)) === 1) await onExpired(userId);
    }
  }
}
