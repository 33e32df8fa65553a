import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { collaborationRequests } from '../../db/schema';
import type { Conversation } from '../contracts/chat';
import type { Caller } from '../auth/tokens';
import { AppError } from '../errors';
import { findUser } from '../users/find-user';
import { getConversation } from './conversation-views';
import { openConversation } from './open-conversation';

/** Opens (or returns) the caller's conversation with `participantId`: a brand and an influencer with an accepted request. */
export async function startConversation(db: Db, caller: Caller, participantId: string): Promise<{ conversation: Conversation; created: boolean }> {
  const other = await findUser(db, participantId);
  if (!other || other.id === caller.userId || other.role === caller.role) {
    throw new AppError('forbidden', 'Conversations are between a brand and an influencer with an accepted request');
  }
  const brandId = caller.role === 'brand' ? caller.userId : other.id;
  const influencerId = caller.role === 'influencer' ? caller.userId : other.id;
  const [accepted] = await db
    .select({ id: collaborationRequests.id })
    .from(collaborationRequests)
    .where(
      and(
        eq(collaborationRequests.brandId, brandId),
        eq(collaborationRequests.influencerId, influencerId),
        eq(collaborationRequests.status, 'accepted'),
      ),
    )
    .limit(1);
  if (!accepted) throw new AppError('forbidden', 'Conversations open once a collaboration request is accepted');
  const { conversation, created } = await db.transaction((tx) => openConversation(tx, brandId, influencerId));
  return { conversation: (await getConversation(db, caller.userId, conversation.id))!, created };
}
