import { desc, eq, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db';
import { collaborationRequests, users } from '../../db/schema';
import type { CollaborationRequest } from '../contracts/requests';
import { toRequest } from './to-request';

const brand = alias(users, 'brand');
const influencer = alias(users, 'influencer');

/** Requests matching `where` with both parties, newest first. */
export async function queryRequests(
  db: DbOrTx,
  where: SQL | undefined,
  options: { ttlDays: number; limit?: number },
): Promise<CollaborationRequest[]> {
  const rows = await db
    .select({ request: collaborationRequests, brand, influencer })
    .from(collaborationRequests)
    .innerJoin(brand, eq(brand.id, collaborationRequests.brandId))
    .innerJoin(influencer, eq(influencer.id, collaborationRequests.influencerId))
    .where(where)
    .orderBy(desc(collaborationRequests.createdAt), desc(collaborationRequests.id))
    .limit(options.limit ?? 100);
  return rows.map((r) => toRequest(r.request, r.brand, r.influencer, options.ttlDays));
}
