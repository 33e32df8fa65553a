import type { InstagramAccountRow } from '../../db/schema';
import type { InstagramAccount } from '../contracts/webhooks';

export function toInstagramAccount(row: InstagramAccountRow): InstagramAccount {
  return { accountId: row.accountId, username: row.username, createdAt: row.createdAt.toISOString() };
}
