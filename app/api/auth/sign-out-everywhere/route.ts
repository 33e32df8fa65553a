import { signOutEverywhere } from '@/lib/auth/sign-out-everywhere';
import { authedRoute } from '@/lib/server/route';

/** Ends every session and token of the caller, this one included. */
export const POST = authedRoute(async ({ services, caller }) => {
  await signOutEverywhere(services, caller.userId);
  return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
});
