import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every environment variable Collabwire reads; parsed once at start. */
export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.string().min(1).default('./.data'),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
  ),
  AUTH_SECRET: optionalString.pipe(z.string().min(32, 'must be at least 32 characters').optional()),
  INSTAGRAM_APP_SECRET: optionalString,
  INSTAGRAM_WEBHOOK_VERIFY_TOKEN: optionalString,
  ALLOWED_ORIGINS: optionalString.transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_MESSAGES_PER_SEC: positiveInt(10),
  RATE_LIMIT_MESSAGES_BURST: positiveInt(20),
  /** Every /chat event of one user, before any other limit or database work (per process). */
  RATE_LIMIT_EVENTS_PER_SEC: positiveInt(30),
  RATE_LIMIT_EVENTS_BURST: positiveInt(60),
  RATE_LIMIT_TYPING_PER_SEC: positiveInt(5),
  RATE_LIMIT_TYPING_BURST: positiveInt(10),
  RATE_LIMIT_REQUESTS_PER_MIN: positiveInt(10),
  RATE_LIMIT_REQUESTS_BURST: positiveInt(20),
  RATE_LIMIT_UPLOADS_PER_MIN: positiveInt(20),
  RATE_LIMIT_UPLOADS_BURST: positiveInt(10),
  RATE_LIMIT_SEARCHES_PER_SEC: positiveInt(5),
  RATE_LIMIT_SEARCHES_BURST: positiveInt(20),
  /** Failed sign-ins and token requests: per account (email) and per client IP. */
  RATE_LIMIT_LOGIN_ACCOUNT_PER_MIN: positiveInt(2),
  RATE_LIMIT_LOGIN_ACCOUNT_BURST: positiveInt(10),
  RATE_LIMIT_LOGIN_IP_PER_MIN: positiveInt(20),
  RATE_LIMIT_LOGIN_IP_BURST: positiveInt(50),
  RATE_LIMIT_SIGNUPS_PER_HOUR: positiveInt(30),
  RATE_LIMIT_SIGNUPS_BURST: positiveInt(20),
  /** Socket.IO /chat connections one user may hold at once (per process). */
  CHAT_MAX_CONNECTIONS_PER_USER: positiveInt(20),
  CHAT_MAX_UNSENT_KB: positiveInt(4096),
  /** Behind a reverse proxy: take the client IP from the last X-Forwarded-For hop. */
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  REQUEST_TTL_DAYS: positiveInt(14),
  METRICS_TOKEN: optionalString,
  /** Seconds a /ws/notifications client has to authenticate (tests shorten it). */
  WS_AUTH_TIMEOUT_MS: positiveInt(10_000),
  /** A /ws/notifications connection silent this long is closed. */
  WS_IDLE_TIMEOUT_MS: positiveInt(60_000),
  /** Namespace of every Redis key and channel, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-zA-Z0-9_.-]{1,40}$/, 'must be 1–40 letters, digits, dots, dashes or underscores').default('collabwire'),
  /** How long a socket counts as connected without its process refreshing it (Redis presence). */
  PRESENCE_TTL_MS: positiveInt(30_000),
  /**
   * How long a process trusts a user's session generation before reading it again, and with
   * Redis how often it checks its live connections against the database (sign out everywhere).
   */
  SESSION_CHECK_MS: positiveInt(30_000),
  /**
   * How far V8 lets the old generation grow past what survived the last full collection
   * before the next one, in percent (0: V8's own choice, about 10–30% here). server.ts sets it.
   */
  GC_HEAP_GROWTH_PERCENT: z.coerce.number().int().min(0).max(1000).default(200),
  /** Create the demo accounts on an empty database (development only; default on in development). */
  SEED_DEMO: z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1')),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  redisPrefix: string;
  authSecret: string;
  instagram: { appSecret: string | undefined; verifyToken: string | undefined };
  allowedOrigins: string[];
  logLevel: z.infer<typeof ZEnv>['LOG_LEVEL'];
  rateLimit: {
    messagesPerSec: number;
    messagesBurst: number;
    events: Rate;
    typing: Rate;
    requests: Rate;
    uploads: Rate;
    searches: Rate;
    loginAccount: Rate;
    loginIp: Rate;
    signups: Rate;
  };
  chatMaxConnectionsPerUser: number;
  /** Unsent kB a /chat connection may hold before it is cut (lib/realtime/drop-stalled.ts). */
  chatMaxUnsentKb: number;
  trustProxy: boolean;
  requestTtlDays: number;
  metricsToken: string | undefined;
  ws: { authTimeoutMs: number; idleTimeoutMs: number };
  presenceTtlMs: number;
  sessionCheckMs: number;
  gcHeapGrowthPercent: number;
  seedDemo: boolean;
};

/** A token bucket: `burst` at once, refilled at `perSecond`. */
export type Rate = { perSecond: number; burst: number };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses the environment into a Config. A bad value throws a ConfigError whose message
 * is one line naming the variable. Outside production a missing AUTH_SECRET is generated
 * once and kept in DATA_DIR, so sessions survive restarts without anyone choosing a secret.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(process.cwd(), e.DATA_DIR);
  let authSecret = e.AUTH_SECRET;
  if (!authSecret) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError('Invalid configuration: AUTH_SECRET is required in production (32+ random characters)');
    }
    authSecret = readOrCreateDevSecret(dataDir);
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    authSecret,
    instagram: { appSecret: e.INSTAGRAM_APP_SECRET, verifyToken: e.INSTAGRAM_WEBHOOK_VERIFY_TOKEN },
    allowedOrigins: e.ALLOWED_ORIGINS,
    logLevel: e.LOG_LEVEL,
    rateLimit: {
      messagesPerSec: e.RATE_LIMIT_MESSAGES_PER_SEC,
      messagesBurst: e.RATE_LIMIT_MESSAGES_BURST,
      events: { perSecond: e.RATE_LIMIT_EVENTS_PER_SEC, burst: e.RATE_LIMIT_EVENTS_BURST },
      typing: { perSecond: e.RATE_LIMIT_TYPING_PER_SEC, burst: e.RATE_LIMIT_TYPING_BURST },
      requests: { perSecond: e.RATE_LIMIT_REQUESTS_PER_MIN / 60, burst: e.RATE_LIMIT_REQUESTS_BURST },
      uploads: { perSecond: e.RATE_LIMIT_UPLOADS_PER_MIN / 60, burst: e.RATE_LIMIT_UPLOADS_BURST },
      searches: { perSecond: e.RATE_LIMIT_SEARCHES_PER_SEC, burst: e.RATE_LIMIT_SEARCHES_BURST },
      loginAccount: { perSecond: e.RATE_LIMIT_LOGIN_ACCOUNT_PER_MIN / 60, burst: e.RATE_LIMIT_LOGIN_ACCOUNT_BURST },
      loginIp: { perSecond: e.RATE_LIMIT_LOGIN_IP_PER_MIN / 60, burst: e.RATE_LIMIT_LOGIN_IP_BURST },
      signups: { perSecond: e.RATE_LIMIT_SIGNUPS_PER_HOUR / 3600, burst: e.RATE_LIMIT_SIGNUPS_BURST },
    },
    chatMaxConnectionsPerUser: e.CHAT_MAX_CONNECTIONS_PER_USER,
    chatMaxUnsentKb: e.CHAT_MAX_UNSENT_KB,
    trustProxy: e.TRUST_PROXY,
    requestTtlDays: e.REQUEST_TTL_DAYS,
    metricsToken: e.METRICS_TOKEN,
    ws: { authTimeoutMs: e.WS_AUTH_TIMEOUT_MS, idleTimeoutMs: e.WS_IDLE_TIMEOUT_MS },
    presenceTtlMs: e.PRESENCE_TTL_MS,
    sessionCheckMs: e.SESSION_CHECK_MS,
    gcHeapGrowthPercent: e.GC_HEAP_GROWTH_PERCENT,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV === 'development',
  };
}

function readOrCreateDevSecret(dataDir: string): string {
  const file = path.join(dataDir, 'auth-secret');
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
