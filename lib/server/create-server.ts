import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Config } from '../config';
import { createLogger, type Logger } from '../logger';
import { openDatabase } from '../../db';
import { seedDemo } from '../../db/seed';
import { Presence } from '../presence/presence';
import { SessionGenerations } from '../auth/session-generations';
import { createMetrics } from '../metrics/metrics';
import { RedisSocketCounter } from '../presence/redis-socket-counter';
import { MemoryRateLimiter, RedisRateLimiter } from '../rate-limit/rate-limiter';
import { createRedisClients } from '../realtime/redis';
import { DiskStorage } from '../uploads/storage';
import { createRealtime, type Realtime } from '../realtime/create-realtime';
import { startRequestExpirySweeper } from '../requests/start-request-expiry-sweeper';
import { InFlight, setServices, type Services } from '../services';
import { MembershipCache } from '../chat/membership-cache';
import { SendQueue } from '../chat/send-queue';
import { LoginThrottle } from '../auth/login-throttle';
import { stampClientIp } from './client-ip';
import { answerHotRoute, matchHotRoute } from './hot-routes';

export type CollabwireOptions = {
  config: Config;
  /** Next in development mode (compiles on demand, HMR) or serving the production build. */
  dev: boolean;
  logger?: Logger;
  /** Directory holding app/ and .next/; defaults to the working directory. */
  dir?: string;
};

export type Collabwire = {
  server: Server;
  services: Services;
  realtime: Realtime;
  /** Starts listening; resolves with the bound URL. */
  listen(port?: number, host?: string): Promise<string>;
  /** Graceful stop: refuse new work, close sockets, let in-flight writes commit, close the database. */
  close(): Promise<void>;
};

/**
 * Builds the whole service on one HTTP server: Next.js, Socket.IO `/chat` and the
 * `/ws/notifications` endpoint. server.ts and the integration tests both start it here.
 */
export async function createCollabwire(options: CollabwireOptions): Promise<Collabwire> {
  const { config, dev } = options;
  const logger = options.logger ?? createLogger(config);
  // next-auth v4 derives its URLs from the Host header when told to trust it.
  process.env.AUTH_TRUST_HOST ??= 'true';
  process.env.NEXTAUTH_SECRET = config.authSecret;

  // What the PGlite thread reports of its own work: a failure as a warning, else the report.
  const threadReport = (what: string) => (report: object) =>
    'error' in report ? logger.warn({ err: report.error }, `${what} failed`) : logger.info(report, what);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    onCheckpoint: threadReport('database checkpoint'),
    onUpkeep: threadReport('database upkeep'),
  });
  logger.info({ driver: database.driver }, 'database ready');
  if (config.seedDemo && config.env !== 'production') await seedDemo(database.db, logger, config.dataDir);

  const metrics = createMetrics();
  metrics.dbPoolMax.set(database.maxConnections);
  const redis = config.redisUrl ? createRedisClients(config.redisUrl, config.redisPrefix, logger) : null;
  const server = createServer();
  const sessions = new SessionGenerations(database.query, { ttlMs: config.sessionCheckMs });
  const realtime = createRealtime(server, { config, query: database.query, logger, metrics, redis, sessions });
  const socketCounter = redis ? new RedisSocketCounter(redis.cmd, config.presenceTtlMs, redis.prefix) : undefined;
  const limiter = (name: string, options: { perSecond: number; burst: number }) =>
    redis ? new RedisRateLimiter(redis.cmd, `${redis.prefix}:rl:${name}`, options) : new MemoryRateLimiter(options);
  const services: Services = {
    config,
    database,
    db: database.db,
    logger,
    publisher: realtime.publisher,
    inFlight: new InFlight(),
    presence: new Presence(database, realtime.publisher, socketCounter),
    uploads: new DiskStorage(path.join(config.dataDir, 'uploads')),
    limits: {
      // In memory even with Redis: it guards this process's database pool, and costs no round trip.
      events: new MemoryRateLimiter(config.rateLimit.events),
      messages: limiter('messages', { perSecond: config.rateLimit.messagesPerSec, burst: config.rateLimit.messagesBurst }),
      typing: limiter('typing', config.rateLimit.typing),
      requests: limiter('requests', config.rateLimit.requests),
      uploads: limiter('uploads', config.rateLimit.uploads),
      searches: limiter('searches', config.rateLimit.searches),
      signups: limiter('signups', config.rateLimit.signups),
    },
    logins: new LoginThrottle(limiter('login-account', config.rateLimit.loginAccount), limiter('login-ip', config.rateLimit.loginIp)),
    metrics,
    sessions,
    sendQueue: new SendQueue(database),
    members: new MembershipCache(),
    redisReady: redis ? () => redis.isReady() : null,
  };
  metrics.sources.wsConnections = () => realtime.hub.connectionCount;
  metrics.sources.inFlight = () => services.inFlight.size;
  metrics.sources.redisUp = services.redisReady;
  socketCounter?.start({
    onExpired: (userId) => services.presence.expired(userId),
    onRevived: (userId) => services.presence.revived(userId),
    onError: (err) => logger.warn({ err }, 'presence maintenance failed'),
  });
  setServices(services);
  const stopRequestExpiry = startRequestExpirySweeper(services);
  realtime.attach(services);

  const { default: next } = await import('next');
  // Next listens for upgrades on the server it is given, else on the first request's. In
  // production it has none of its own, yet it would run its router on every Socket.IO and
  // /ws/notifications upgrade and hang listeners and an abort signal on each connection's
  // request for as long as the socket lives (3 KB of heap a socket; it would also end an upgrade
  // whose path a page matched). So there it gets a server that never listens; in
  // development its HMR socket needs the real one.
  const app = next({
    dev,
    dir: options.dir ?? process.cwd(),
    hostname: 'localhost',
    port: config.port,
    quiet: !dev,
    httpServer: dev ? server : createServer(),
  });
  await app.prepare();
  const handle = app.getRequestHandler();

  let closing = false;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Socket.IO answers its own long-polling requests.
    if (req.url?.startsWith('/socket.io/')) return;
    if (closing) {
      res.statusCode = 503;
      res.setHeader('connection', 'close');
      res.end(JSON.stringify({ error: { code: 'unavailable', message: 'Server is shutting down' } }));
      return;
    }
    stampClientIp(req, config.trustProxy);
    logRequest(logger, req, res);
    // In development Next reloads the route handlers on edit; these copies would not follow.
    const hot = dev ? null : matchHotRoute(req.method, req.url);
    const answered = hot ? answerHotRoute(req, res, hot) : handle(req, res);
    answered.catch((err: unknown) => {
      logger.error({ err }, 'unhandled request error');
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (path === '/ws/notifications') return realtime.hub.handleUpgrade(req, socket, head);
    if (path.startsWith('/socket.io/')) return; // engine.io's own listener
    if (path.startsWith('/_next/') && dev) return; // Next's HMR listener
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  return {
    server,
    services,
    realtime,
    async listen(port = config.port, host = config.host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      const boundPort = typeof address === 'object' && address ? address.port : port;
      const url = `http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${boundPort}`;
      // One request to ourselves makes Next attach its upgrade listener before a
      // reconnecting tab's HMR socket arrives. Bounded: a start never waits on it for long.
      await fetch(`http://127.0.0.1:${boundPort}/api/health`, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
      return url;
    },
    async close() {
      if (closing) return;
      stopRequestExpiry();
      closing = true;
      logger.info('shutting down');
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      await services.inFlight.drain(10_000);
      await realtime.close();
      // Disconnects write last-seen times: let them finish before the database closes.
      await services.inFlight.drain(5_000);
      server.closeAllConnections?.();
      await stopped;
      await app.close().catch(() => undefined);
      socketCounter?.stop();
      await redis?.close();
      await database.close();
      setServices(undefined);
      logger.info('stopped');
    },
  };
}

function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse) {
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const path = (req.url ?? '').split('?')[0];
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const level = path?.startsWith('/_next/') ? 'debug' : 'info';
    logger[level]({ method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
  });
}
