import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { conversationMembers, conversations } from '../../db/schema';
import { AppError } from '../errors';

/**
 * Hides a conversation from the caller's inbox only; the next message brings it back.
 * Answers the conversation's last seq at that moment: the caller's other tabs hide it until
 * a message after that one arrives.
 */
export async function hideConversation(db: Db, userId: string, conversationId: string): Promise<{ lastSeq: number }> {
  const rows = await db
    .update(conversationMembers)
    .set({ hiddenAt: new Date() })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .returning({ lastSeq: sql<number>`(select ${conversations.lastSeq} from ${conversations} where ${conversations.id} = ${conversationMembers.conversationId})` });
  if (rows.length === 0) throw new AppError('not_found', 'No such conversation');
  return { lastSeq: Number(rows[0]!.lastSeq) };
}
