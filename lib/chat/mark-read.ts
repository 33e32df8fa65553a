import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { conversationMembers, messages } from '../../db/schema';
import type { ReadReceipt } from '../contracts/events';
import { AppError } from '../errors';
import { findMembership } from './find-membership';

export type ReadResult = ReadReceipt & { otherId: string; advanced: boolean };

/**
 * Moves the caller's read pointer forward to `messageId` (or to the latest message). The
 * pointer never moves back, so a late or repeated receipt changes nothing.
 */
export async function markRead(db: Db, userId: string, conversationId: string, messageId?: number): Promise<ReadResult> {
  const membership = await findMembership(db, userId, conversationId);
  let target = membership.lastSeq;
  if (messageId !== undefined) {
    const [row] = await db
      .select({ seq: messages.seq })
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.conversationId, conversationId)));
    if (!row) throw new AppError('not_found', 'No such message in this conversation');
    target = row.seq;
  }
  const [updated] = await db
    .update(conversationMembers)
    .set({ lastReadSeq: sql`greatest(${conversationMembers.lastReadSeq}, ${target})` })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .returning({ lastReadSeq: conversationMembers.lastReadSeq });
  const lastReadSeq = updated?.lastReadSeq ?? membership.lastReadSeq;
  const [atPointer] = lastReadSeq
    ? await db
        .select({ id: messages.id })
        .from(messages)
        .where(and(eq(messages.conversationId, conversationId), eq(messages.seq, lastReadSeq)))
    : [];
  return {
    conversationId,
    messageId: atPointer?.id ?? 0,
    lastReadSeq,
    otherId: membership.otherId,
    advanced: lastReadSeq > membership.lastReadSeq,
  };
}
