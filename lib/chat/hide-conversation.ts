import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { conversationMembers } from '../../db/schema';
import { AppError } from '../errors';

/** Hides a conversation from the caller's inbox only; the next message brings it back. */
export async function hideConversation(db: Db, userId: string, conversationId: string): Promise<void> {
  const rows = await db
    .update(conversationMembers)
    .set({ hiddenAt: new Date() })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .returning({ userId: conversationMembers.userId });
  if (rows.length === 0) throw new AppError('not_found', 'No such conversation');
}
