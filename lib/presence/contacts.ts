import { eq, or, sql, type Column } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { collaborationRequests, conversations } from '../../db/schema';

/** Everyone who shares a request or a conversation with `userId`: the audience of its presence. */
export async function listContacts(db: DbOrTx, userId: string): Promise<string[]> {
  const other = (a: Column, b: Column) =>
    sql<string>`case when ${a} = ${userId} then ${b} else ${a} end`;
  const [fromConversations, fromRequests] = await Promise.all([
    db
      .selectDistinct({ id: other(conversations.brandId, conversations.influencerId) })
      .from(conversations)
      .where(or(eq(conversations.brandId, userId), eq(conversations.influencerId, userId))),
    db
      .selectDistinct({ id: other(collaborationRequests.brandId, collaborationRequests.influencerId) })
      .from(collaborationRequests)
      .where(or(eq(collaborationRequests.brandId, userId), eq(collaborationRequests.influencerId, userId))),
  ]);
  return [...new Set([...fromConversations, ...fromRequests].map((r) => r.id))];
}

/** True when the two users share a request or a conversation. */
export async function areContacts(db: DbOrTx, a: string, b: string): Promise<boolean> {
  const pair = (brand: Column, influencer: Column) =>
    or(sql`${brand} = ${a} and ${influencer} = ${b}`, sql`${brand} = ${b} and ${influencer} = ${a}`);
  const [conv] = await db.select({ one: sql`1` }).from(conversations).where(pair(conversations.brandId, conversations.influencerId)).limit(1);
  if (conv) return true;
  const [req] = await db
    .select({ one: sql`1` })
    .from(collaborationRequests)
    .where(pair(collaborationRequests.brandId, collaborationRequests.influencerId))
    .limit(1);
  return req !== undefined;
}
