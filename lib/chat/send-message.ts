import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { attachments, messages, type MessageRow } from '../../db/schema';
import type { Message, SendMessageInput } from '../contracts/chat';
import { AppError, isUniqueViolation } from '../errors';
import { findUser } from '../users/find-user';
import { appendMessage } from './append-message';
import { findMembership } from './find-membership';
import { loadMessages } from './list-messages';
import { toMessage } from './to-message';

export type SentMessage = {
  message: Message;
  /** False when the tempId had been used already: the stored message is returned again. */
  created: boolean;
  recipientId: string;
};

/**
 * Sends a message. Idempotent per (sender, tempId): a retry returns the stored message,
 * never a second one; the same tempId in another conversation is a `conflict`.
 */
export async function sendMessage(db: Db, senderId: string, input: SendMessageInput): Promise<SentMessage> {
  const membership = await findMembership(db, senderId, input.conversationId);
  if (input.tempId) {
    const existing = await findByTempId(db, senderId, input.tempId);
    if (existing) return replay(db, existing, input, membership.otherId);
  }
  const sender = await findUser(db, senderId);
  if (!sender) throw new AppError('unauthorized', 'This account no longer exists');

  let attachment: { id: string; name: string; size: number; mime: string } | null = null;
  if (input.attachmentId) {
    const [row] = await db
      .select({ id: attachments.id, name: attachments.name, size: attachments.size, mime: attachments.mime })
      .from(attachments)
      .where(and(eq(attachments.id, input.attachmentId), eq(attachments.ownerId, senderId)));
    if (!row) throw new AppError('invalid_input', 'attachmentId does not name one of your uploads');
    attachment = row;
  }
  const type = attachment ? (attachment.mime.startsWith('image/') ? 'image' : 'file') : 'text';

  let row: MessageRow;
  try {
    row = await db.transaction((tx) =>
      appendMessage(tx, {
        conversationId: input.conversationId,
        senderId,
        type,
        content: input.content,
        clientId: input.tempId ?? null,
        attachmentId: attachment?.id ?? null,
      }),
    );
  } catch (e) {
    // Two sends with one tempId raced: the other committed first.
    if (input.tempId && isUniqueViolation(e, 'messages_sender_client_key')) {
      const existing = await findByTempId(db, senderId, input.tempId);
      if (existing) return replay(db, existing, input, membership.otherId);
    }
    throw e;
  }
  return { message: toMessage(row, sender, attachment, 0), created: true, recipientId: membership.otherId };
}

async function findByTempId(db: Db, senderId: string, tempId: string): Promise<MessageRow | undefined> {
  const [row] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.senderId, senderId), eq(messages.clientId, tempId)))
    .limit(1);
  return row;
}

async function replay(db: Db, row: MessageRow, input: SendMessageInput, recipientId: string): Promise<SentMessage> {
  if (row.conversationId !== input.conversationId) {
    throw new AppError('conflict', 'This tempId was already used for a message in another conversation');
  }
  const [message] = await loadMessages(db, row.conversationId, [row]);
  return { message: message!, created: false, recipientId };
}
