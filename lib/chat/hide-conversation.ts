import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { conversationMembers, conversations } from '../../db/schema';
import { AppError } from '../errors';

/**
 * Hides a conversation from the caller's inbox only, through its current last seq: any
 * later message brings it back, even one committed while this ran (the inbox compares seqs,
 * so no send has to see the hidden row). Answers that seq, for the caller's other tabs.
 */
export async function hideConversation(db: Db, userId: string, conversationId: string): Promise<{ lastSeq: number }> {
  const rows = await db
    .update(conversationMembers)
    .set({
      hiddenAt: new Date(),
      hiddenThroughSeq: sql`(select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${conversationMembers.conversationId})`,
    })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .returning({ lastSeq: conversationMembers.hiddenThroughSeq });
  if (rows.length === 0) throw new AppError('not_found', 'No such conversation');
  return { lastSeq: rows[0]!.lastSeq ?? 0 };
}
