import { ZRegister } from '@/lib/contracts/users';
import { clientIp, networkOf } from '@/lib/server/client-ip';
import { json, publicRoute, readJson } from '@/lib/server/route';
import { registerUser } from '@/lib/users/register-user';
import { toPublicUser } from '@/lib/users/to-public-user';

export const POST = publicRoute(async ({ req, services }) => {
  // Every attempt counts, refused ones too: they probe which emails are taken.
  await services.limits.signups.consume(networkOf(clientIp(req.headers)), 'sign-ups');
  const input = await readJson(req, ZRegister);
  const user = await registerUser(services.db, input);
  services.logger.info({ userId: user.id, role: user.role }, 'account created');
  return json({ user: toPublicUser(user) }, 201);
});
