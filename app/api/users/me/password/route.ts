import { mintToken } from '@/lib/auth/tokens';
import { ZChangePassword } from '@/lib/contracts/users';
import { clientIp } from '@/lib/server/client-ip';
import { authedRoute, json, readJson } from '@/lib/server/route';
import { changePassword } from '@/lib/users/change-password';

/** Changes the caller's password; every earlier session ends, and the answer carries a new token. */
export const PUT = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZChangePassword);
  const generation = await changePassword(services, caller.userId, input, clientIp(req.headers));
  const { token, expiresAt } = await mintToken({ ...caller, generation }, services.config.authSecret);
  return json({ token, expiresAt });
});
