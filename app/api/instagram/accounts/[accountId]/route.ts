import { ZInstagramAccountId } from '@/lib/contracts/webhooks';
import { authedRoute, parseInput } from '@/lib/server/route';
import { unlinkInstagramAccount } from '@/lib/webhooks/unlink-instagram-account';

export const DELETE = authedRoute(async ({ services, caller, params }) => {
  const accountId = parseInput(ZInstagramAccountId, params.accountId);
  await unlinkInstagramAccount(services.db, caller.userId, accountId);
  return new Response(null, { status: 204 });
});
