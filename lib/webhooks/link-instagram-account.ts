import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { instagramAccounts } from '../../db/schema';
import type { InstagramAccount, LinkInstagramAccountInput } from '../contracts/webhooks';
import { AppError } from '../errors';
import { toInstagramAccount } from './to-instagram-account';

/**
 * Links an Instagram account id to the caller. An account has one owner: someone else's
 * is a conflict; linking one's own again keeps it (with the username given now).
 */
export async function linkInstagramAccount(
  db: Db,
  userId: string,
  input: LinkInstagramAccountInput,
): Promise<{ account: InstagramAccount; created: boolean }> {
  const [inserted] = await db
    .insert(instagramAccounts)
    .values({ accountId: input.accountId, userId, username: input.username })
    .onConflictDoNothing({ target: instagramAccounts.accountId })
    .returning();
  if (inserted) return { account: toInstagramAccount(inserted), created: true };

  const [existing] = await db.select().from(instagramAccounts).where(eq(instagramAccounts.accountId, input.accountId));
  if (!existing || existing.userId !== userId) {
    throw new AppError('conflict', 'This Instagram account is already linked to another Collabwire user', { field: 'accountId' });
  }
  if (existing.username === input.username) return { account: toInstagramAccount(existing), created: false };
  const [updated] = await db
    .update(instagramAccounts)
    .set({ username: input.username })
    .where(eq(instagramAccounts.accountId, input.accountId))
    .returning();
  return { account: toInstagramAccount(updated ?? existing), created: false };
}
