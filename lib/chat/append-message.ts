import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db';
import { conversationMembers, conversations, messages, type MessageRow } from '../../db/schema';
import type { MessageType } from '../contracts/chat';

export type AppendMessageInput = {
  conversationId: string;
  senderId: string;
  type: MessageType;
  content: string;
  clientId?: string | null;
  attachmentId?: string | null;
};

/**
 * Appends one message inside the caller's transaction. Incrementing `last_seq` with an
 * UPDATE locks the conversation row until commit, so seqs are gapless and in commit
 * order. The sender has read everything up to its own message; a conversation that a
 * member had hidden comes back by itself, its `last_seq` now above the seq it was hidden at.
 */
export async function appendMessage(tx: Tx, input: AppendMessageInput): Promise<MessageRow> {
  const now = new Date();
  const [conversation] = await tx
    .update(conversations)
    .set({ lastSeq: sql`${conversations.lastSeq} + 1`, lastMessageAt: now, updatedAt: now })
    .where(eq(conversations.id, input.conversationId))
    .returning({ lastSeq: conversations.lastSeq });
  if (!conversation) throw new Error(`conversation ${input.conversationId} does not exist`);
  const [row] = await tx
    .insert(messages)
    .values({
      conversationId: input.conversationId,
      seq: conversation.lastSeq,
      senderId: input.senderId,
      clientId: input.clientId ?? null,
      type: input.type,
      content: input.content,
      attachmentId: input.attachmentId ?? null,
      createdAt: now,
    })
    .returning();
  await tx
    .update(conversationMembers)
    .set({ lastReadSeq: sql`greatest(${conversationMembers.lastReadSeq}, ${conversation.lastSeq})` })
    .where(and(eq(conversationMembers.conversationId, input.conversationId), eq(conversationMembers.userId, input.senderId)));
  return row!;
}
