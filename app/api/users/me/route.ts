import { AppError } from '@/lib/errors';
import { authedRoute, json } from '@/lib/server/route';
import { findUser } from '@/lib/users/find-user';
import { toMe } from '@/lib/users/to-public-user';

export const GET = authedRoute(async ({ services, caller }) => {
  const user = await findUser(services.db, caller.userId);
  if (!user) throw new AppError('unauthorized', 'This account no longer exists');
  return json({ user: toMe(user) });
});
