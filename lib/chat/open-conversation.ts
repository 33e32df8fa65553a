import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { conversationMembers, conversations, type ConversationRow } from '../../db/schema';

/**
 * The one conversation of a brand and an influencer, created on first use. Safe under
 * concurrency: the unique pair index decides, and the loser reads the winner's row.
 */
export async function openConversation(db: DbOrTx, brandId: string, influencerId: string): Promise<{ conversation: ConversationRow; created: boolean }> {
  const [inserted] = await db
    .insert(conversations)
    .values({ brandId, influencerId })
    .onConflictDoNothing({ target: [conversations.brandId, conversations.influencerId] })
    .returning();
  const conversation =
    inserted ??
    (await db
      .select()
      .from(conversations)
      .where(and(eq(conversations.brandId, brandId), eq(conversations.influencerId, influencerId)))
      .limit(1))[0]!;
  await db
    .insert(conversationMembers)
    .values([
      { conversationId: conversation.id, userId: brandId },
      { conversationId: conversation.id, userId: influencerId },
    ])
    .onConflictDoNothing();
  return { conversation, created: inserted !== undefined };
}
