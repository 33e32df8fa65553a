import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { instagramAccounts } from '../../db/schema';
import type { InstagramAccount } from '../contracts/webhooks';
import { toInstagramAccount } from './to-instagram-account';

/** The caller's linked accounts, oldest first. */
export async function listInstagramAccounts(db: Db, userId: string): Promise<InstagramAccount[]> {
  const rows = await db
    .select()
    .from(instagramAccounts)
    .where(eq(instagramAccounts.userId, userId))
    .orderBy(asc(instagramAccounts.createdAt), asc(instagramAccounts.accountId));
  return rows.map(toInstagramAccount);
}
