import type { ErrorBody } from '../errors';
import type { Conversation, Message } from './chat';
import type { PresenceStatus, Role } from './common';
import type { AppNotification } from './notifications';
import type { CollaborationRequest } from './requests';
import type { InstagramEvent } from './webhooks';

/** Every ack is `{ ok: true, data }` or `{ ok: false, error }`. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: Pick<ErrorBody, 'code' | 'message'> };
export type AckFn<T> = (reply: Ack<T>) => void;

export type ConnectionSuccess = { userId: string; userType: Role; socketId: string };
export type MessageSent = { tempId: string | null; message: Message };
export type ReadReceipt = { conversationId: string; messageId: number; lastReadSeq: number };
export type TypingPayload = { conversationId: string; user: { userId: string; userType: Role; name: string } };
export type OnlineStatus = { userId: string; userType: Role; isOnline: boolean; status: PresenceStatus; lastSeenAt: string | null };

export interface ServerToClientEvents {
  'connection:success': (payload: ConnectionSuccess) => void;
  error: (payload: Pick<ErrorBody, 'code' | 'message'>) => void;
  'conversation:joined': (payload: { conversationId: string; room: string }) => void;
  'conversation:left': (payload: { conversationId: string }) => void;
  'message:sent': (payload: MessageSent) => void;
  'message:error': (payload: { error: Pick<ErrorBody, 'code' | 'message'>; tempId: string | null }) => void;
  'message:new': (payload: Message) => void;
  'message:notification': (payload: { conversationId: string; message: Message }) => void;
  'message:read': (payload: ReadReceipt & { readBy: { userId: string; userType: Role } }) => void;
  'message:read:success': (payload: ReadReceipt) => void;
  'typing:start': (payload: TypingPayload) => void;
  'typing:stop': (payload: TypingPayload) => void;
  'user:online': (payload: { userId: string; userType: Role; lastSeenAt?: string | null }) => void;
  'user:offline': (payload: { userId: string; userType: Role; lastSeenAt?: string | null }) => void;
  'user:status': (payload: { userId: string; status: PresenceStatus; lastSeenAt: string | null }) => void;
  'user:online:status': (payload: OnlineStatus) => void;
  'request:new': (payload: { request: CollaborationRequest }) => void;
  'request:updated': (payload: { request: CollaborationRequest }) => void;
  'webhook:event': (payload: InstagramEvent) => void;
  /** (extension) A conversation appeared or changed for this user (opened on acceptance, unhidden). */
  'conversation:updated': (payload: { conversation: Conversation }) => void;
  /**
   * (extension) The user hid this conversation (DELETE /api/chat/conversations/:id), from any
   * tab or device: its inbox drops it until a message with a seq above `lastSeq` arrives.
   */
  'conversation:hidden': (payload: { conversationId: string; lastSeq: number }) => void;
  /** (extension) A persisted notification was created for this user. */
  'notification:new': (payload: { notification: AppNotification }) => void;
  /** (extension) Notifications were marked read in one tab: the user's other tabs follow. */
  'notification:read': (payload: { ids?: string[]; upTo?: string; at: string; unreadCount: number }) => void;
}

type WithAck<P, R> = (payload: P, ack?: AckFn<R>) => void;

export interface ClientToServerEvents {
  'conversation:join': WithAck<{ conversationId: string }, { conversationId: string; room: string }>;
  'conversation:leave': WithAck<{ conversationId: string }, { conversationId: string }>;
  'message:send': WithAck<
    { conversationId: string; content: string; messageType?: 'text' | 'image' | 'file'; tempId?: string; attachmentId?: string },
    MessageSent
  >;
  'message:read': WithAck<{ conversationId: string; messageId?: number }, ReadReceipt>;
  'typing:start': WithAck<{ conversationId: string }, null>;
  'typing:stop': WithAck<{ conversationId: string }, null>;
  'user:check:online': WithAck<{ userId: string }, OnlineStatus>;
  'status:update': WithAck<{ status: PresenceStatus }, { status: PresenceStatus }>;
}

/** A /chat socket's user, and the session generation of the token it connected with. */
export type SocketData = { userId: string; role: Role; name: string; generation: number };
