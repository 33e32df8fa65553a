import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { acceptedIdentity, parseBearer } from '../auth/identify';
import type { SessionGenerations } from '../auth/session-generations';
import { ZWsClientFrame, type InstagramEventType } from '../contracts/notifications-ws';
import type { Logger } from '../logger';

export type NotificationsHubOptions = {
  secret: string;
  logger: Logger;
  authTimeoutMs: number;
  idleTimeoutMs: number;
  /** Authenticated connections one user may hold at once. */
  maxConnectionsPerUser?: number;
  /** Whether a token's session still stands: its user exists and has not signed out everywhere since. */
  sessions: Pick<SessionGenerations, 'accepts'>;
};

type Client = {
  ws: WebSocket;
  userId: string | null;
  /** The session generation of the token it authenticated with. */
  generation: number;
  subscriptions: Set<InstagramEventType>;
  lastSeen: number;
  /** Frames are handled one after another: a subscribe sent right behind authenticate must see its result. */
  queue: Promise<void>;
};

const MAX_FRAME_BYTES = 64 * 1024;

/** The plain-WebSocket endpoint `/ws/notifications` and its per-user push. */
export function createNotificationsHub(options: NotificationsHubOptions) {
  const { logger } = options;
  const maxPerUser = options.maxConnectionsPerUser ?? 10;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  const byUser = new Map<string, Set<Client>>();
  const clients = new Set<Client>();

  const send = (client: Client, frame: Record<string, unknown>) => {
    if (client.ws.readyState === WebSocket.OPEN) client.ws.send(JSON.stringify({ ...frame, timestamp: Date.now() }));
  };

  const refuse = (client: Client, reason: string) => {
    send(client, { type: 'auth_failed', reason });
    client.ws.close(1008, reason.slice(0, 100));
  };

  const authenticate = async (client: Client, token: string, claimedUserId: string | undefined) => {
    const identity = await acceptedIdentity(parseBearer(token) ?? '', options.secret, options.sessions);
    if (!identity) return refuse(client, 'Invalid or expired token');
    if (claimedUserId && claimedUserId !== identity.userId) return refuse(client, 'userId does not match the token');
    const mine = byUser.get(identity.userId) ?? new Set<Client>();
    if (mine.size >= maxPerUser) return refuse(client, 'Too many connections for this user');
    if (client.ws.readyState !== WebSocket.OPEN) return;
    client.userId = identity.userId;
    client.generation = identity.generation;
    mine.add(client);
    byUser.set(identity.userId, mine);
    send(client, { type: 'auth_success', message: 'Authenticated', userId: identity.userId });
    logger.info({ transport: 'ws', userId: identity.userId }, 'notifications client authenticated');
  };

  const onFrame = async (client: Client, data: RawData) => {
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return send(client, { type: 'error', message: 'Invalid JSON' });
    }
    const type = raw && typeof raw === 'object' ? (raw as { type?: unknown }).type : undefined;
    if (!client.userId && type !== 'authenticate') {
      return send(client, { type: 'error', message: 'Not authenticated' });
    }
    const parsed = ZWsClientFrame.safeParse(raw);
    if (!parsed.success) {
      const known = typeof type === 'string' && ZWsClientFrame.options.some((o) => o.shape.type.value === type);
      return send(client, {
        type: 'error',
        message: known ? `Invalid ${String(type)} frame: ${parsed.error.issues[0]?.message ?? 'bad shape'}` : `Unknown message type: ${String(type)}`,
      });
    }
    const frame = parsed.data;
    switch (frame.type) {
      case 'authenticate':
        if (client.userId) return send(client, { type: 'error', message: 'Already authenticated' });
        return authenticate(client, frame.token, frame.userId);
      case 'subscribe':
        frame.eventTypes.forEach((t) => client.subscriptions.add(t));
        return send(client, { type: 'subscription_confirmed', eventTypes: [...client.subscriptions] });
      case 'unsubscribe':
        frame.eventTypes.forEach((t) => client.subscriptions.delete(t));
        return send(client, { type: 'subscription_confirmed', eventTypes: [...client.subscriptions] });
      case 'get_subscriptions':
      case 'test_connection':
        return send(client, { type: 'connection_info', status: 'connected', subscriptions: [...client.subscriptions] });
      case 'heartbeat':
        return send(client, {
          type: 'heartbeat_response',
          serverTime: Date.now(),
          ...(typeof frame.timestamp === 'number' ? { clientTimestamp: frame.timestamp } : {}),
          ...(frame.clientId ? { clientId: frame.clientId } : {}),
        });
    }
  };

  wss.on('connection', (ws) => {
    const client: Client = { ws, userId: null, generation: 0, subscriptions: new Set(), lastSeen: Date.now(), queue: Promise.resolve() };
    clients.add(client);
    const authTimer = setTimeout(() => {
      if (!client.userId) refuse(client, 'Authentication timeout');
    }, options.authTimeoutMs);
    ws.on('message', (data) => {
      client.lastSeen = Date.now();
      client.queue = client.queue
        .then(() => onFrame(client, data))
        .catch((err: unknown) => {
          logger.error({ err }, 'notifications frame failed');
          send(client, { type: 'error', message: 'Internal error' });
        });
    });
    ws.on('pong', () => {
      client.lastSeen = Date.now();
    });
    ws.on('error', (err) => logger.debug({ err }, 'notifications socket error'));
    ws.on('close', () => {
      clearTimeout(authTimer);
      clients.delete(client);
      if (client.userId) {
        const mine = byUser.get(client.userId);
        mine?.delete(client);
        if (mine && mine.size === 0) byUser.delete(client.userId);
        logger.info({ transport: 'ws', userId: client.userId }, 'notifications client disconnected');
      }
    });
  });

  // Pings keep a live connection from looking idle; one that answers nothing is closed.
  const sweepEvery = Math.max(50, Math.min(15_000, Math.floor(options.idleTimeoutMs / 3)));
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const client of clients) {
      if (now - client.lastSeen >= options.idleTimeoutMs) client.ws.close(1000, 'Idle timeout');
      else if (client.ws.readyState === WebSocket.OPEN) client.ws.ping();
    }
  }, sweepEvery);
  sweeper.unref();

  return {
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    /** Sends `frame` to the user's connections subscribed to `eventType`. */
    push(userId: string, eventType: string, frame: unknown) {
      for (const client of byUser.get(userId) ?? []) {
        if (client.subscriptions.has(eventType as InstagramEventType) && client.ws.readyState === WebSocket.OPEN) {
          client.ws.send(JSON.stringify(frame));
        }
      }
    },
    /**
     * Closes the user's connections authenticated under a generation older than `generation`.
     * They stop counting against the user's connections at once, not when the close completes.
     */
    endSessions(userId: string, generation: number) {
      const mine = byUser.get(userId);
      if (!mine) return;
      for (const client of [...mine]) {
        if (client.generation >= generation) continue;
        mine.delete(client);
        refuse(client, 'Session ended');
      }
      if (mine.size === 0) byUser.delete(userId);
    },
    /** The users with an authenticated connection here. */
    userIds(): string[] {
      return [...byUser.keys()];
    },
    get connectionCount() {
      return clients.size;
    },
    async close() {
      clearInterval(sweeper);
      for (const client of clients) client.ws.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

export type NotificationsHub = ReturnType<typeof createNotificationsHub>;
