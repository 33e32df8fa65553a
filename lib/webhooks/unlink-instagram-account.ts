import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { instagramAccounts } from '../../db/schema';
import { AppError } from '../errors';

/** Unlinks one of the caller's accounts; someone else's looks the same as a missing one. */
export async function unlinkInstagramAccount(db: Db, userId: string, accountId: string): Promise<void> {
  const deleted = await db
    .delete(instagramAccounts)
    .where(and(eq(instagramAccounts.accountId, accountId), eq(instagramAccounts.userId, userId)))
    .returning({ accountId: instagramAccounts.accountId });
  if (deleted.length === 0) throw new AppError('not_found', 'No linked Instagram account with this ID');
}
