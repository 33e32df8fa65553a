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

/**
 * The /chat events of one socket. Each handler reads: parse → domain function → reply and
 * ack → publish. Listeners are registered once per socket, here.
 */
export function registerChatHandlers(socket: ChatSocket, services: Services): void {
  const { userId, role, name } = socket.data;
  const me = { id: userId, role };
  const typing = new Map<string, Typing>();
  const memberOf = new Set<string>();

  const ensureMember = async (conversationId: string) => {
    if (memberOf.has(conversationId)) return;
    await findMembership(services.db, userId, conversationId);
    memberOf.add(conversationId);
  };

  const typingPayload = (conversationId: string): TypingPayload => ({ conversationId, user: { userId, userType: role, name } });

  const stopTyping = (conversationId: string) => {
    const state = typing.get(conversationId);
    if (!state) return;
    clearTimeout(state.timer);
    typing.delete(conversationId);
    services.publisher.toConversation(conversationId, 'typing:stop', typingPayload(conversationId), { exceptSocketId: socket.id });
  };

  function on<S extends z.ZodType, R>(
    event: keyof ClientToServerEvents,
    schema: S,
    run: (input: z.infer<S>) => Promise<R>,
    onError?: (error: AppError, payload: unknown) => void,
  ) {
    (socket.on as (e: string, l: (...args: unknown[]) => void) => void)(event, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (reply: unknown) => void) : undefined;
      const payload = args[0];
      void services.inFlight
        .track(async () => {
          await services.limits.events.consume(userId, 'events');
          return run(parseInput(schema, payload));
        })
        .then(
          (data) => ack?.({ ok: true, data }),
          (e: unknown) => {
            const error = toAppError(e);
            services.metrics.errors.inc({ code: error.code, transport: 'socket' });
            if (error.code === 'rate_limited') services.metrics.rateLimited.inc({ limit: event });
            if (error.code === 'internal' || error.code === 'unavailable') services.logger.error({ err: e, event, userId }, 'socket event failed');
            if (onError) onError(error, payload);
            else socket.emit('error', { code: error.code, message: error.message });
            ack?.({ ok: false, error: { code: error.code, message: error.message } });
          },
        );
    });
  }

  on('conversation:join', ZConversationRef, async ({ conversationId }) => {
    await ensureMember(conversationId);
    const room = conversationRoom(conversationId);
    await socket.join(room);
    const reply = { conversationId, room };
    socket.emit('conversation:joined', reply);
    return reply;
  });

  on('conversation:leave', ZConversationRef, async ({ conversationId }) => {
    await ensureMember(conversationId);
    stopTyping(conversationId);
    await socket.leave(conversationRoom(conversationId));
    socket.emit('conversation:left', { conversationId });
    return { conversationId };
  });

  on(
    'message:send',
    ZSendMessage,
    async (input) => {
      const timer = services.metrics.sendLatency.startTimer({ transport: 'socket' });
      await services.limits.messages.consume(userId, 'messages');
      const sent = await sendMessage(services, userId, input);
      memberOf.add(input.conversationId);
      const reply = { tempId: input.tempId ?? null, message: sent.message };
      socket.emit('message:sent', reply);
      if (sent.created) {
        services.metrics.messagesSent.inc({ transport: 'socket' });
        publishMessage(services.publisher, sent, socket.id);
        void notifyOfflineRecipient(services, sent).catch((err: unknown) => services.logger.warn({ err }, 'message notification failed'));
      }
      stopTyping(input.conversationId);
      timer();
      return reply;
    },
    (error, payload) => {
      const tempId = payload && typeof payload === 'object' && typeof (payload as { tempId?: unknown }).tempId === 'string' ? (payload as { tempId: string }).tempId : null;
      socket.emit('message:error', { error: { code: error.code, message: error.message }, tempId });
    },
  );

  on('message:read', ZMarkRead, async ({ conversationId, messageId }) => {
    const result = await markRead(services.db, userId, conversationId, messageId);
    const receipt = { conversationId, messageId: result.messageId, lastReadSeq: result.lastReadSeq };
    // Every tab of the reader learns its unread count changed, not only this one.
    services.publisher.toUser(userId, 'message:read:success', receipt);
    if (result.advanced) services.publisher.toUser(result.otherId, 'message:read', { ...receipt, readBy: { userId, userType: role } });
    return receipt;
  });

  on('typing:start', ZConversationRef, async ({ conversationId }) => {
    await ensureMember(conversationId);
    const now = Date.now();
    const state = typing.get(conversationId);
    if (state) clearTimeout(state.timer);
    const relay = !state || now - state.relayedAt >= TYPING_RELAY_MS;
    if (relay) await services.limits.typing.consume(userId, 'typing events');
    const timer = setTimeout(() => stopTyping(conversationId), TYPING_EXPIRY_MS);
    typing.set(conversationId, { timer, relayedAt: relay ? now : state!.relayedAt });
    if (relay) services.publisher.toConversation(conversationId, 'typing:start', typingPayload(conversationId), { exceptSocketId: socket.id });
    return null;
  });

  on('typing:stop', ZConversationRef, async ({ conversationId }) => {
    await ensureMember(conversationId);
    stopTyping(conversationId);
    return null;
  });

  on('user:check:online', ZUserRef, async ({ userId: target }) => {
    const status = await services.presence.check(userId, target);
    socket.emit('user:online:status', status);
    return status;
  });

  on('status:update', ZStatusUpdate, async ({ status }) => {
    await services.presence.setStatus(me, status);
    return { status };
  });

  socket.on('disconnect', () => {
    for (const conversationId of [...typing.keys()]) stopTyping(conversationId);
    void services.inFlight.track(() => services.presence.disconnected(me, socket.id)).catch((err: unknown) => {
      services.logger.warn({ err, userId }, 'presence update on disconnect failed');
    });
  });

  void services.inFlight.track(() => services.presence.connected(me, socket.id)).catch((err: unknown) => {
    services.logger.warn({ err, userId }, 'presence update on connect failed');
  });
}
