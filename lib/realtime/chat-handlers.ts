import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { ZConversationRef, ZMarkRead, ZSendMessage, ZStatusUpdate, ZUserRef } from '../contracts/chat';
import type { ClientToServerEvents, ServerToClientEvents, SocketData, TypingPayload } from '../contracts/events';
import { AppError, toAppError } from '../errors';
import { findMembership } from '../chat/find-membership';
import { markRead } from '../chat/mark-read';
import { notifyOfflineRecipient } from '../chat/notify-offline-recipient';
import { publishMessage } from '../chat/publish-message';
import { sendMessage } from '../chat/send-message';
import { parseInput } from '../server/route';
import type { Services } from '../services';
import { conversationRoom } from './publisher';

export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The server stops a typing indicator itself this long after the last typing:start. */
export const TYPING_EXPIRY_MS = 6_000;
/** typing:start is relayed at most this often per user and conversation. */
export const TYPING_RELAY_MS = 2_000;

type Typing = { timer: NodeJS.Timeout; relayedAt: number };
type Ack = (reply: unknown) => void;

/** A /chat event: its payload's schema, what it does, and (optionally) how it is refused. */
type Handler = {
  schema: z.ZodType;
  run(connection: ChatConnection, input: never): Promise<unknown>;
  /** Sent instead of the `error` event when the event is refused. */
  refuse?(connection: ChatConnection, error: AppError, payload: unknown): void;
};

const handler = <S extends z.ZodType>(h: {
  schema: S;
  run(connection: ChatConnection, input: z.infer<S>): Promise<unknown>;
  refuse?(connection: ChatConnection, error: AppError, payload: unknown): void;
}): Handler => h as Handler;

/**
 * One connected /chat socket: its user, the conversations it was found a member of and the
 * typing indicators it has running. A socket costs this one object and two listeners; the
 * events' code is shared by every socket (HANDLERS), where a closure per event and socket
 * would cost idle connections kilobytes each.
 */
class ChatConnection {
  readonly socket: ChatSocket;
  readonly services: Services;
  /** Made on first use: most sockets never type, and join only what they send to. */
  #typing: Map<string, Typing> | null = null;
  #memberOf: Set<string> | null = null;

  constructor(socket: ChatSocket, services: Services) {
    this.socket = socket;
    this.services = services;
  }

  get userId(): string {
    return this.socket.data.userId;
  }

  /** Each event reads: parse → domain function → reply and ack → publish. */
  receive(event: string, args: unknown[]): void {
    const handle = HANDLERS.get(event);
    if (!handle) return;
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
    const payload = args[0];
    const { services, userId } = this;
    void services.inFlight
      .track(async () => {
        await services.limits.events.consume(userId, 'events');
        return handle.run(this, parseInput(handle.schema, payload) as never);
      })
      .then(
        (data) => ack?.({ ok: true, data }),
        (e: unknown) => {
          const error = toAppError(e);
          services.metrics.errors.inc({ code: error.code, transport: 'socket' });
          if (error.code === 'rate_limited') services.metrics.rateLimited.inc({ limit: event });
          if (error.code === 'internal' || error.code === 'unavailable') services.logger.error({ err: e, event, userId }, 'socket event failed');
          if (handle.refuse) handle.refuse(this, error, payload);
          else this.socket.emit('error', { code: error.code, message: error.message });
          ack?.({ ok: false, error: { code: error.code, message: error.message } });
        },
      );
  }

  async ensureMember(conversationId: string): Promise<void> {
    if (this.#memberOf?.has(conversationId)) return;
    await findMembership(this.services.db, this.userId, conversationId);
    this.rememberMember(conversationId);
  }

  rememberMember(conversationId: string): void {
    (this.#memberOf ??= new Set()).add(conversationId);
  }

  typingPayload(conversationId: string): TypingPayload {
    const { userId, role, name } = this.socket.data;
    return { conversationId, user: { userId, userType: role, name } };
  }

  async startTyping(conversationId: string): Promise<void> {
    const now = Date.now();
    const typing = (this.#typing ??= new Map());
    const state = typing.get(conversationId);
    if (state) clearTimeout(state.timer);
    const relay = !state || now - state.relayedAt >= TYPING_RELAY_MS;
    if (relay) await this.services.limits.typing.consume(this.userId, 'typing events');
    const timer = setTimeout(() => this.stopTyping(conversationId), TYPING_EXPIRY_MS);
    typing.set(conversationId, { timer, relayedAt: relay ? now : state!.relayedAt });
    if (relay) this.services.publisher.toConversation(conversationId, 'typing:start', this.typingPayload(conversationId), { exceptSocketId: this.socket.id });
  }

  stopTyping(conversationId: string): void {
    const state = this.#typing?.get(conversationId);
    if (!state) return;
    clearTimeout(state.timer);
    this.#typing!.delete(conversationId);
    this.services.publisher.toConversation(conversationId, 'typing:stop', this.typingPayload(conversationId), { exceptSocketId: this.socket.id });
  }

  connected(): void {
    this.#updatePresence('connected');
  }

  disconnected(): void {
    if (this.#typing) for (const conversationId of [...this.#typing.keys()]) this.stopTyping(conversationId);
    this.#updatePresence('disconnected');
  }

  /** Presence of this socket, counted as in-flight work; a failure is logged, not thrown. */
  #updatePresence(change: 'connected' | 'disconnected'): void {
    const { services } = this;
    void services.inFlight.track(() => services.presence[change](this.me(), this.socket.id)).catch((err: unknown) => {
      services.logger.warn({ err, userId: this.userId }, `presence update on ${change === 'connected' ? 'connect' : 'disconnect'} failed`);
    });
  }

  me() {
    return { id: this.userId, role: this.socket.data.role };
  }
}

/** Every client→server event; a name missing from ClientToServerEvents does not compile. */
const HANDLER_TABLE = {
  'conversation:join': handler({
    schema: ZConversationRef,
    async run(c, { conversationId }) {
      await c.ensureMember(conversationId);
      const room = conversationRoom(conversationId);
      await c.socket.join(room);
      const reply = { conversationId, room };
      c.socket.emit('conversation:joined', reply);
      return reply;
    },
  }),
  'conversation:leave': handler({
    schema: ZConversationRef,
    async run(c, { conversationId }) {
      await c.ensureMember(conversationId);
      c.stopTyping(conversationId);
      await c.socket.leave(conversationRoom(conversationId));
      c.socket.emit('conversation:left', { conversationId });
      return { conversationId };
    },
  }),
  'message:send': handler({
    schema: ZSendMessage,
    async run(c, input) {
      const { services, socket, userId } = c;
      const timer = services.metrics.sendLatency.startTimer({ transport: 'socket' });
      await services.limits.messages.consume(userId, 'messages');
      const sent = await sendMessage(services, userId, input);
      c.rememberMember(input.conversationId);
      const reply = { tempId: input.tempId ?? null, message: sent.message };
      socket.emit('message:sent', reply);
      if (sent.created) {
        services.metrics.messagesSent.inc({ transport: 'socket' });
        publishMessage(services.publisher, sent, socket.id);
        void notifyOfflineRecipient(services, sent).catch((err: unknown) => services.logger.warn({ err }, 'message notification failed'));
      }
      c.stopTyping(input.conversationId);
      timer();
      return reply;
    },
    refuse(c, error, payload) {
      const tempId =
        payload && typeof payload === 'object' && typeof (payload as { tempId?: unknown }).tempId === 'string' ? (payload as { tempId: string }).tempId : null;
      c.socket.emit('message:error', { error: { code: error.code, message: error.message }, tempId });
    },
  }),
  'message:read': handler({
    schema: ZMarkRead,
    async run(c, { conversationId, messageId }) {
      const { services, userId } = c;
      const result = await markRead(services.db, userId, conversationId, messageId);
      const receipt = { conversationId, messageId: result.messageId, lastReadSeq: result.lastReadSeq };
      // Every tab of the reader learns its unread count changed, not only this one.
      services.publisher.toUser(userId, 'message:read:success', receipt);
      if (result.advanced) services.publisher.toUser(result.otherId, 'message:read', { ...receipt, readBy: { userId, userType: c.socket.data.role } });
      return receipt;
    },
  }),
  'typing:start': handler({
    schema: ZConversationRef,
    async run(c, { conversationId }) {
      await c.ensureMember(conversationId);
      await c.startTyping(conversationId);
      return null;
    },
  }),
  'typing:stop': handler({
    schema: ZConversationRef,
    async run(c, { conversationId }) {
      await c.ensureMember(conversationId);
      c.stopTyping(conversationId);
      return null;
    },
  }),
  'user:check:online': handler({
    schema: ZUserRef,
    async run(c, { userId: target }) {
      const status = await c.services.presence.check(c.userId, target);
      c.socket.emit('user:online:status', status);
      return status;
    },
  }),
  'status:update': handler({
    schema: ZStatusUpdate,
    async run(c, { status }) {
      await c.services.presence.setStatus(c.me(), status);
      return { status };
    },
  }),
} satisfies Record<keyof ClientToServerEvents, Handler>;

// A Map, so a client's event name never reaches Object.prototype.
const HANDLERS = new Map<string, Handler>(Object.entries(HANDLER_TABLE));

/** Serves a connected /chat socket's events (HANDLERS) and keeps its presence. */
export function registerChatHandlers(socket: ChatSocket, services: Services): void {
  const connection = new ChatConnection(socket, services);
  socket.onAny((event: string, ...args: unknown[]) => connection.receive(event, args));
  socket.on('disconnect', () => connection.disconnected());
  connection.connected();
}
