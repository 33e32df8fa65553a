import { parseBearer } from '@/lib/auth/identify';
import { replaceSessionCookie } from '@/lib/auth/session-cookie';
import { mintToken } from '@/lib/auth/tokens';
import { ZChangePassword } from '@/lib/contracts/users';
import { clientIp } from '@/lib/server/client-ip';
import { authedRoute, json, readJson } from '@/lib/server/route';
import { changePassword } from '@/lib/users/change-password';

/**
 * Changes the caller's password; every earlier session ends. The answer carries the caller's
 * new token, and a browser's session cookie is replaced by it in the same answer, so the
 * browser that made the change stays signed in (its other tabs included).
 */
export const PUT = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZChangePassword);
  const generation = await changePassword(services, caller, input, clientIp(req.headers));
  const { token, expiresAt } = await mintToken({ ...caller, generation }, services.config.authSecret);
  const cookie = parseBearer(req.headers.get('authorization')) ? null : replaceSessionCookie(req.headers.get('cookie'), token, expiresAt);
  return json({ token, expiresAt }, 200, cookie ? { 'set-cookie': cookie } : undefined);
});
