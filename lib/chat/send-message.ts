import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { attachments } from '../../db/schema';
import type { Message, SendMessageInput } from '../contracts/chat';
import { AppError } from '../errors';
import { loadMessages } from './load-messages';
import type { MembershipCache } from './membership-cache';
import type { SendQueue } from './send-queue';
import { toMessage } from './to-message';

export type SentMessage = {
  message: Message;
  /** False when the tempId had been used already: the stored message is returned again. */
  created: boolean;
  recipientId: string;
};

/** The parts of the services a send needs; REST and Socket.IO pass the same ones. */
export type SendDeps = { db: Db; sendQueue: SendQueue; members: MembershipCache };

/**
 * Sends a message. Idempotent per (sender, tempId): a retry returns the stored message,
 * never a second one; the same tempId in another conversation is a `conflict`. Resolves
 * after the group commit that stored it (lib/chat/send-queue.ts).
 */
export async function sendMessage(deps: SendDeps, senderId: string, input: SendMessageInput): Promise<SentMessage> {
  const recipientId = await deps.members.otherId(deps.db, senderId, input.conversationId);

  let attachment: { id: string; name: string; size: number; mime: string } | null = null;
  if (input.attachmentId) {
    const [row] = await deps.db
      .select({ id: attachments.id, name: attachments.name, size: attachments.size, mime: attachments.mime })
      .from(attachments)
      .where(and(eq(attachments.id, input.attachmentId), eq(attachments.ownerId, senderId)));
    if (!row) throw new AppError('invalid_input', 'attachmentId does not name one of your uploads');
    attachment = row;
  }
  const type = attachment ? (attachment.mime.startsWith('image/') ? 'image' : 'file') : 'text';

  const outcome = await deps.sendQueue.enqueue({
    conversationId: input.conversationId,
    senderId,
    type,
    content: input.content,
    clientId: input.tempId ?? null,
    attachmentId: attachment?.id ?? null,
  });
  if (!outcome.created) {
    const [message] = await loadMessages(deps.db, outcome.row.conversationId, [outcome.row]);
    return { message: message!, created: false, recipientId };
  }
  return { message: toMessage(outcome.row, outcome.sender, attachment, 0), created: true, recipientId };
}
