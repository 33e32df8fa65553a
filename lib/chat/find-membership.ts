import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { conversationMembers, conversations } from '../../db/schema';
import { AppError } from '../errors';

export type Membership = { conversationId: string; brandId: string; influencerId: string; otherId: string; lastReadSeq: number; lastSeq: number };

/** The caller's membership of a conversation; `forbidden` for a stranger or an unknown conversation. */
export async function findMembership(db: DbOrTx, userId: string, conversationId: string): Promise<Membership> {
  const [row] = await db
    .select({
      brandId: conversations.brandId,
      influencerId: conversations.influencerId,
      lastSeq: conversations.lastSeq,
      lastReadSeq: conversationMembers.lastReadSeq,
    })
    .from(conversations)
    .innerJoin(conversationMembers, and(eq(conversationMembers.conversationId, conversations.id), eq(conversationMembers.userId, userId)))
    .where(eq(conversations.id, conversationId))
    .limit(1);
  if (!row) throw new AppError('forbidden', 'You are not a participant of this conversation');
  return { conversationId, ...row, otherId: row.brandId === userId ? row.influencerId : row.brandId };
}
