import { hashPassword, verifyPassword } from '../auth/password';
import type { ChangePasswordInput } from '../contracts/users';
import { AppError } from '../errors';
import type { Services } from '../services';
import { findUser } from './find-user';

const WRONG_CURRENT = 'Your current password is not right';

/**
 * Changes the user's password once the current one is shown. A wrong current password counts
 * as a failed sign-in (the account and the address are locked out alike), so this is no way
 * around the sign-in limits. The new password and a new session generation are written in one
 * statement: every session and token issued before ends, this one included, as when signing
 * out everywhere. Returns the new generation, for the caller's new token.
 */
export async function changePassword(
  services: Pick<Services, 'db' | 'database' | 'logins' | 'publisher' | 'logger'>,
  userId: string,
  input: ChangePasswordInput,
  ip: string,
): Promise<number> {
  const user = await findUser(services.db, userId);
  if (!user) throw new AppError('unauthorized', 'This account no longer exists');
  const shown = await services.logins.attempt({ email: user.email, ip }, async () =>
    (await verifyPassword(user.passwordHash, input.currentPassword)) ? true : null,
  );
  if (!shown) throw new AppError('invalid_input', WRONG_CURRENT, [{ path: 'currentPassword', message: WRONG_CURRENT }]);
  const passwordHash = await hashPassword(input.newPassword);
  const [row] = await services.database.query<{ session_generation: number }>(
    'update users set password_hash = $2, session_generation = session_generation + 1 where id = $1::uuid returning session_generation',
    [userId, passwordHash],
  );
  if (!row) throw new AppError('unauthorized', 'This account no longer exists');
  const generation = Number(row.session_generation);
  services.publisher.endSessions(userId, generation);
  services.logger.info({ event: 'password changed', userId }, 'password changed: every earlier session ended');
  return generation;
}
