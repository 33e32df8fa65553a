import type { Config } from './config';
import type { MembershipCache } from './chat/membership-cache';
import type { SendQueue } from './chat/send-queue';
import type { LoginThrottle } from './auth/login-throttle';
import type { SessionGenerations } from './auth/session-generations';
import type { Database, Db } from '../db';
import type { Logger } from './logger';
import type { Metrics } from './metrics/metrics';
import type { Presence } from './presence/presence';
import type { Publisher } from './realtime/publisher';
import type { RateLimiter } from './rate-limit/rate-limiter';
import type { UploadStorage } from './uploads/storage';

/**
 * The process-wide parts every transport needs. Next bundles route handlers apart from
 * server.ts, so module state is not shared between them: this registry on globalThis is.
 */
export type Services = {
  config: Config;
  database: Database;
  db: Db;
  logger: Logger;
  publisher: Publisher;
  /** Resolves when work started before shutdown has finished. */
  inFlight: InFlight;
  presence: Presence;
  uploads: UploadStorage;
  /** Per-user limits shared by REST and Socket.IO. */
  limits: {
    /** Every /chat event, per user and process: a flood is refused before it reaches the database. */
    events: RateLimiter;
    messages: RateLimiter;
    typing: RateLimiter;
    requests: RateLimiter;
    uploads: RateLimiter;
    searches: RateLimiter;
    /** Account creations per client IP. */
    signups: RateLimiter;
  };
  /** Failed sign-ins and token requests, per account and per client IP. */
  logins: LoginThrottle;
  metrics: Metrics;
  /** Each user's session generation: which tokens and sessions still stand. */
  sessions: SessionGenerations;
  /** Group commit of chat messages, shared by REST and Socket.IO sends. */
  sendQueue: SendQueue;
  /** Who a sender's conversation partner is, remembered for the send path. */
  members: MembershipCache;
  /** Whether Redis answers; null when the process runs without REDIS_URL. */
  redisReady: (() => boolean) | null;
};

const KEY = Symbol.for('collabwire.services');
type Holder = { [KEY]?: Services };

export function setServices(services: Services | undefined): void {
  (globalThis as Holder)[KEY] = services;
}

export function getServices(): Services {
  const services = (globalThis as Holder)[KEY];
  if (!services) throw new Error('Collabwire services are not started: run the app through server.ts');
  return services;
}

/** Counts work in progress so shutdown can wait for in-flight writes to commit. */
export class InFlight {
  #count = 0;
  #waiters: (() => void)[] = [];

  async track<T>(work: () => Promise<T>): Promise<T> {
    this.#count++;
    try {
      return await work();
    } finally {
      this.#count--;
      if (this.#count === 0) this.#waiters.splice(0).forEach((w) => w());
    }
  }

  get size(): number {
    return this.#count;
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`. */
  drain(timeoutMs: number): Promise<void> {
    if (this.#count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
