import { z } from 'zod';
import type { PublicUser, Role } from './common';
import { ZUuid } from './common';

export const MESSAGE_MAX_LENGTH = 4000;
export const ZMessageType = z.enum(['text', 'image', 'file', 'system']);
export type MessageType = z.infer<typeof ZMessageType>;

export type Message = {
  id: number;
  seq: number;
  conversationId: string;
  sender: PublicUser;
  senderType: Role;
  messageType: MessageType;
  content: string;
  tempId: string | null;
  attachmentUrl: string | null;
  attachmentName: string | null;
  attachmentSize: number | null;
  attachmentMime: string | null;
  /** Read by the other participant. */
  isRead: boolean;
  createdAt: string;
};

export type Conversation = {
  id: string;
  participants: [PublicUser, PublicUser];
  otherParticipant: PublicUser;
  lastMessage: Message | null;
  unreadCount: number;
  lastReadSeq: number;
  otherLastReadSeq: number;
  /** Highest seq in the conversation (extension). */
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
};

export const ZTempId = z.string().min(1).max(64);

export const ZSendMessage = z
  .object({
    conversationId: ZUuid,
    content: z.string().max(MESSAGE_MAX_LENGTH * 2, `content must be at most ${MESSAGE_MAX_LENGTH} characters`),
    messageType: z.enum(['text', 'image', 'file']).optional(),
    tempId: ZTempId.optional(),
    attachmentId: ZUuid.optional(),
  })
  .transform((m) => ({ ...m, content: m.content.trim() }))
  .superRefine((m, ctx) => {
    if (m.content.length > MESSAGE_MAX_LENGTH) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: `content must be at most ${MESSAGE_MAX_LENGTH} characters` });
    }
    if (m.content.length === 0 && !m.attachmentId) {
      ctx.addIssue({ code: 'custom', path: ['content'], message: 'content must not be empty' });
    }
  });
export type SendMessageInput = z.infer<typeof ZSendMessage>;

export const ZConversationRef = z.object({ conversationId: ZUuid });
export const ZMarkRead = z.object({ conversationId: ZUuid, messageId: z.number().int().positive().optional() });
export const ZUserRef = z.object({ userId: ZUuid });
export const ZStatusUpdate = z.object({ status: z.enum(['online', 'away', 'busy', 'offline']) });

/** A history page: the latest `limit`, or before `beforeSeq`, or after `afterSeq`. */
export const ZHistoryQuery = z.object({
  beforeSeq: z.coerce.number().int().positive().optional(),
  afterSeq: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/**
 * (extension) A page of the inbox: `limit` conversations after `cursor` (the previous page's
 * `nextCursor`). Without either, the inbox is listed whole.
 */
export const ZInboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(200).optional(),
});
export type InboxQuery = z.infer<typeof ZInboxQuery>;
/** The inbox page size when only a cursor is given, and the web app's page size. */
export const INBOX_PAGE_SIZE = 50;
export type InboxPage = { conversations: Conversation[]; nextCursor: string | null };
/** GET /api/chat/unread-count: unread messages per visible conversation and in total. */
export type UnreadCounts = { total: number; byConversation: Record<string, number> };

export type HistoryQuery = { beforeSeq?: number | undefined; afterSeq?: number | undefined; limit: number };
