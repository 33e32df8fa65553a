import { ZLinkInstagramAccount } from '@/lib/contracts/webhooks';
import { authedRoute, json, readJson } from '@/lib/server/route';
import { linkInstagramAccount } from '@/lib/webhooks/link-instagram-account';
import { listInstagramAccounts } from '@/lib/webhooks/list-instagram-accounts';

export const GET = authedRoute(async ({ services, caller }) => {
  return json({ accounts: await listInstagramAccounts(services.db, caller.userId) });
});

export const POST = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZLinkInstagramAccount);
  const { account, created } = await linkInstagramAccount(services.db, caller.userId, input);
  return json({ account }, created ? 201 : 200);
});
