import { and, eq, gt, isNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import type { UnreadCounts } from '../contracts/chat';
import { conversationMembers, conversations } from '../../db/schema';

/** Unread messages per visible conversation and in total. */
export async function countUnread(db: DbOrTx, userId: string): Promise<UnreadCounts> {
  const rows = await db
    .select({ id: conversations.id, unread: sql<number>`(${conversations.lastSeq} - ${conversationMembers.lastReadSeq})::int` })
    .from(conversationMembers)
    .innerJoin(conversations, eq(conversations.id, conversationMembers.conversationId))
    .where(
      and(
        eq(conversationMembers.userId, userId),
        or(isNull(conversationMembers.hiddenThroughSeq), gt(conversations.lastSeq, conversationMembers.hiddenThroughSeq)),
      ),
    );
  const byConversation: Record<string, number> = {};
  let total = 0;
  for (const row of rows) {
    const n = Math.max(0, Number(row.unread));
    if (n > 0) byConversation[row.id] = n;
    total += n;
  }
  return { total, byConversation };
}
