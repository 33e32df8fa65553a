import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server } from 'socket.io';
import type { Config } from '../config';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../contracts/events';
import type { Logger } from '../logger';
import { callerToken } from '../auth/identify';
import { readToken } from '../auth/tokens';
import type { SessionGenerations } from '../auth/session-generations';
import type { RawQuery } from '../../db/raw-query';
import { findHandshakeUser } from '../users/find-user';
import type { Services } from '../services';
import { registerChatHandlers } from './chat-handlers';
import { coalesceWebSocketWrites } from './coalesce-writes';
import { dropStalledConnections } from './drop-stalled';
import { createNotificationsHub } from './notifications-ws';
import { createPublisher, userRoom, type ChatNamespace, type EndSessions } from './publisher';
import type { RedisClients } from './redis';
import type { Metrics } from '../metrics/metrics';

export type RealtimeDeps = {
  config: Config;
  query: RawQuery;
  logger: Logger;
  metrics: Metrics;
  redis: RedisClients | null;
  sessions: SessionGenerations;
};


/** Socket.IO (`/chat`) and the `/ws/notifications` hub on one HTTP server. */
export function createRealtime(httpServer: HttpServer, deps: RealtimeDeps) {
  const { config, logger } = deps;
  const io = new Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Upgrades we do not own (Next's HMR, /ws/notifications) must survive engine.io.
    destroyUpgrade: false,
    maxHttpBufferSize: 1_000_000,
    cors: { origin: config.allowedOrigins, credentials: true },
    allowRequest: (req, callback) => callback(null, isAllowedOrigin(req, config.allowedOrigins)),
  });

  coalesceWebSocketWrites(io);
  dropStalledConnections(io, config.chatMaxUnsentKb * 1024, (unsentBytes) => {
    deps.metrics.stalledConnectionsCut.inc();
    logger.warn({ unsentBytes }, 'connection cut: the client stopped reading');
  });

  // With Redis, rooms span processes: a broadcast reaches sockets wherever they are connected.
  if (deps.redis) io.adapter(createAdapter(deps.redis.adapterPub, deps.redis.adapterSub, { key: `${deps.redis.prefix}:sio` }));

  // Only /chat exists; the default namespace refuses everyone.
  io.of('/').use((_socket, next) => next(new Error('unauthorized')));

  const chat: ChatNamespace = io.of('/chat');
  chat.use(async (socket, next) => {
    try {
      const auth = socket.handshake.auth as { token?: unknown } | undefined;
      const token = callerToken({
        authorization: typeof auth?.token === 'string' ? auth.token : socket.handshake.headers.authorization,
        cookie: socket.handshake.headers.cookie,
      });
      const identity = token ? await readToken(token, config.authSecret) : null;
      // One read names the user and gives its session generation (identifyCaller's check,
      // without a second read when this process has not seen the user lately).
      const user = identity ? await findHandshakeUser(deps.query, identity.userId) : null;
      if (!identity || !user || identity.generation < deps.sessions.learn(user.id, user.sessionGeneration)) {
        return next(new Error('unauthorized'));
      }
      // Every socket of a user sits in its user room (joined synchronously on connection), so
      // the room's size is the user's open connections here; no await lies between check and join.
      if ((chat.adapter.rooms.get(userRoom(user.id))?.size ?? 0) >= config.chatMaxConnectionsPerUser) {
        return next(new Error('rate_limited'));
      }
      socket.data = { userId: user.id, role: user.role, name: user.name, generation: identity.generation };
      next();
    } catch (err) {
      logger.error({ err }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  });

  let services: Services | undefined;
  chat.on('connection', (socket) => {
    const { userId, role } = socket.data;
    // Signed out everywhere while this handshake was reading the old generation.
    if (socket.data.generation < (deps.sessions.known(userId) ?? 0)) {
      socket.disconnect(true);
      return;
    }
    void socket.join(userRoom(userId));
    const transport = socket.conn.transport.name;
    logger.info({ transport, userId, socketId: socket.id }, 'socket connected');
    deps.metrics.socketsConnected.inc({ transport });
    socket.conn.once('upgrade', () => {
      deps.metrics.socketsConnected.dec({ transport });
      deps.metrics.socketsConnected.inc({ transport: socket.conn.transport.name });
    });
    socket.on('disconnect', (reason) => {
      deps.metrics.socketsConnected.dec({ transport: socket.conn.transport.name });
      logger.info({ userId, socketId: socket.id, reason }, 'socket disconnected');
    });
    if (services) registerChatHandlers(socket, services);
    socket.emit('connection:success', { userId, userType: role, socketId: socket.id });
  });

  const hub = createNotificationsHub({
    secret: config.authSecret,
    logger,
    authTimeoutMs: config.ws.authTimeoutMs,
    idleTimeoutMs: config.ws.idleTimeoutMs,
    sessions: deps.sessions,
  });
  /** Ends this process's live connections of a user that were opened under an older generation. */
  const endSessionsHere = (userId: string, generation: number) => {
    const current = deps.sessions.learn(userId, generation);
    for (const id of [...(chat.adapter.rooms.get(userRoom(userId)) ?? [])]) {
      const socket = chat.sockets.get(id);
      if (socket && socket.data.generation < current) socket.disconnect(true);
    }
    hub.endSessions(userId, current);
  };

  /** Closes this process's live connections whose session ended, as the database now says. */
  const checkSessions = async () => {
    const users = new Set<string>(hub.userIds());
    for (const socket of chat.sockets.values()) users.add(socket.data.userId);
    if (users.size === 0) return;
    await deps.sessions.refresh([...users]);
    for (const userId of users) {
      const known = deps.sessions.known(userId);
      if (known !== undefined) endSessionsHere(userId, known);
    }
  };
  let sessionCheck: NodeJS.Timeout | undefined;

  // /ws/notifications clients may sit on another process: with Redis every process hears every
  // push, and every revocation (a process that misses one reads the generation again within
  // the session cache's lifetime).
  let wsPush = hub.push;
  let endSessions: EndSessions = endSessionsHere;
  if (deps.redis) {
    const { cmd, pushSub } = deps.redis;
    const PUSH_CHANNEL = `${deps.redis.prefix}:ws-push`;
    const SESSIONS_CHANNEL = `${deps.redis.prefix}:sessions`;
    void pushSub.subscribe(PUSH_CHANNEL, SESSIONS_CHANNEL).catch((err: unknown) => logger.warn({ err }, 'push channel subscribe failed'));
    pushSub.on('message', (channel: string, raw: string) => {
      try {
        if (channel === PUSH_CHANNEL) {
          const { userId, eventType, frame } = JSON.parse(raw) as { userId: string; eventType: string; frame: unknown };
          hub.push(userId, eventType, frame);
        } else if (channel === SESSIONS_CHANNEL) {
          const { userId, generation } = JSON.parse(raw) as { userId: string; generation: number };
          if (typeof userId === 'string' && Number.isSafeInteger(generation)) endSessionsHere(userId, generation);
        }
      } catch (err) {
        logger.warn({ err, channel }, 'bad message on a Redis channel');
      }
    });
    wsPush = (userId, eventType, frame) => {
      cmd.publish(PUSH_CHANNEL, JSON.stringify({ userId, eventType, frame })).catch(() => {
        // Redis is down: this process's own clients still get it.
        hub.push(userId, eventType, frame);
      });
    };
    endSessions = (userId, generation) => {
      // Here at once; the other processes when the message reaches them.
      endSessionsHere(userId, generation);
      cmd.publish(SESSIONS_CHANNEL, JSON.stringify({ userId, generation })).catch((err: unknown) => {
        logger.warn({ err, userId }, 'revocation not published: the other processes find it at their next session check');
      });
    };
    // Pub/sub keeps nothing for a subscriber that was away: a revocation published while this
    // process was cut from Redis (or by a process that died before publishing) is found by
    // checking the users of every live connection against the database, now and then and
    // whenever the subscription comes back.
    const check = () =>
      void checkSessions().catch((err: unknown) => logger.warn({ err }, 'session check failed'));
    sessionCheck = setInterval(check, config.sessionCheckMs);
    sessionCheck.unref();
    pushSub.on('ready', check);
  }
  const publisher = createPublisher(chat, { wsPush, endSessions }, { clustered: deps.redis !== null });

  return {
    io,
    chat,
    hub,
    publisher,
    /** Starts serving /chat events with the process's services. */
    attach(s: Services) {
      services = s;
    },
    async close() {
      clearInterval(sessionCheck);
      chat.disconnectSockets(true);
      await hub.close();
      await new Promise<void>((resolve) => {
        void io.close(() => resolve());
      });
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;

/** Browsers send Origin: accept our own origin and ALLOWED_ORIGINS; non-browser clients send none. */
export function isAllowedOrigin(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
