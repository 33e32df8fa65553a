import { mintToken } from '@/lib/auth/tokens';
import { ZCredentials } from '@/lib/contracts/users';
import { AppError } from '@/lib/errors';
import { clientIp } from '@/lib/server/client-ip';
import { json, publicRoute, readJson } from '@/lib/server/route';
import { authenticateUser } from '@/lib/users/authenticate-user';
import { toPublicUser } from '@/lib/users/to-public-user';

export const POST = publicRoute(async ({ req, services }) => {
  const credentials = await readJson(req, ZCredentials);
  const user = await services.logins.attempt({ email: credentials.email, ip: clientIp(req.headers) }, () =>
    authenticateUser(services.db, credentials),
  );
  if (!user) throw new AppError('unauthorized', 'Email or password is incorrect');
  const { token, expiresAt } = await mintToken(
    { userId: user.id, role: user.role, name: user.name, generation: user.sessionGeneration },
    services.config.authSecret,
  );
  return json({ token, expiresAt, user: toPublicUser(user) });
});
