import type { Namespace } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents, SocketData } from '../contracts/events';

type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

export type ChatNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A plain-WebSocket push, routed to the owner's /ws/notifications connections. */
export type WsPush = (userId: string, eventType: string, frame: unknown) => void;

/** Ends a user's live connections opened under a session generation older than `generation`, on every process. */
export type EndSessions = (userId: string, generation: number) => void;

/**
 * The after-commit fan-out. Domain code calls it once its transaction has committed and
 * never touches Socket.IO itself, so the Redis adapter can carry rooms across processes.
 */
export type Publisher = {
  toUser<E extends EventName>(userId: string, event: E, payload: Payload<E>): void;
  toUsers<E extends EventName>(userIds: readonly string[], event: E, payload: Payload<E>): void;
  toConversation<E extends EventName>(
    conversationId: string,
    event: E,
    payload: Payload<E>,
    options?: { exceptSocketId?: string },
  ): void;
  /** To the user's sockets that have not joined the conversation's room. */
  toUserOutsideConversation<E extends EventName>(userId: string, conversationId: string, event: E, payload: Payload<E>): void;
  /** Pushes to a user's /ws/notifications clients subscribed to `eventType`. */
  toNotificationClients(userId: string, eventType: string, frame: unknown): void;
  /** After the user signed out everywhere: their /chat sockets and /ws clients of older sessions are closed. */
  endSessions: EndSessions;
};

export const userRoom = (userId: string) => `user:${userId}`;
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

/**
 * `clustered`: rooms span processes (the Redis adapter), so only the adapter knows who is in
 * them. Alone, this process sees every socket and skips a broadcast that would reach nobody.
 */
export function createPublisher(
  chat: ChatNamespace,
  transports: { wsPush: WsPush; endSessions: EndSessions },
  options: { clustered: boolean },
): Publisher {
  const rooms = chat.adapter.rooms;
  const hasSocketOutside = (userId: string, conversationId: string) => {
    const mine = rooms.get(userRoom(userId));
    if (!mine) return false;
    const inside = rooms.get(conversationRoom(conversationId));
    if (!inside) return true;
    for (const id of mine) if (!inside.has(id)) return true;
    return false;
  };
  const emit = (rooms: string | string[], event: EventName, payload: unknown, except?: string) => {
    const target = except ? chat.to(rooms).except(except) : chat.to(rooms);
    (target.emit as (e: string, p: unknown) => boolean)(event, payload);
  };
  return {
    toUser: (userId, event, payload) => emit(userRoom(userId), event, payload),
    toUsers: (userIds, event, payload) => {
      if (userIds.length > 0) emit(userIds.map(userRoom), event, payload);
    },
    toConversation: (conversationId, event, payload, options) =>
      emit(conversationRoom(conversationId), event, payload, options?.exceptSocketId),
    toUserOutsideConversation: (userId, conversationId, event, payload) => {
      // Most messages reach a recipient whose sockets all sit in the room: nothing to encode.
      if (options.clustered || hasSocketOutside(userId, conversationId)) emit(userRoom(userId), event, payload, conversationRoom(conversationId));
    },
    toNotificationClients: transports.wsPush,
    endSessions: transports.endSessions,
  };
}
