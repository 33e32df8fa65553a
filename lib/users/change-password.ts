import { hashPassword, verifyPassword } from '../auth/password';
import type { Identity } from '../auth/tokens';
import type { ChangePasswordInput } from '../contracts/users';
import { AppError } from '../errors';
import type { Services } from '../services';
import { findUser } from './find-user';

const WRONG_CURRENT = 'Your current password is not right';
const SESSION_ENDED = 'This session has ended: the password was changed or every session was signed out meanwhile';

/**
 * Changes the caller's password once the current one is shown. A wrong current password counts
 * as a failed sign-in (the account and the address are locked out alike), so this is no way
 * around the sign-in limits. The new password and a new session generation are written in one
 * statement: every session and token issued before ends, this one included, as when signing
 * out everywhere. The statement only applies while the password checked and the caller's
 * session are still the current ones: of two changes at once only the first lands, and a
 * session ended meanwhile (signed out everywhere) cannot come back through a change.
 * Returns the new generation, for the caller's new token.
 */
export async function changePassword(
  services: Pick<Services, 'db' | 'database' | 'logins' | 'publisher' | 'sessions' | 'logger'>,
  caller: Pick<Identity, 'userId' | 'generation'>,
  input: ChangePasswordInput,
  ip: string,
): Promise<number> {
  const { userId } = caller;
  const user = await findUser(services.db, userId);
  if (!user) throw new AppError('unauthorized', 'This account no longer exists');
  // Ended meanwhile (by another change, or signing out everywhere, on any process): that is
  // the answer, whether or not the password shown was the current one then, and it is no
  // failed sign-in.
  if (user.sessionGeneration !== caller.generation) throw new AppError('unauthorized', SESSION_ENDED);
  const shown = await services.logins.attempt({ email: user.email, ip }, async () =>
    (await verifyPassword(user.passwordHash, input.currentPassword)) ? true : null,
  );
  if (!shown) {
    services.logger.info({ event: 'password change refused', userId }, 'password change refused: wrong current password');
    throw new AppError('invalid_input', WRONG_CURRENT, [{ path: 'currentPassword', message: WRONG_CURRENT }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  const [row] = await services.database.query<{ session_generation: number }>(
    `update users set password_hash = $2, session_generation = session_generation + 1
     where id = $1::uuid and password_hash = $3 and session_generation = $4
     returning session_generation`,
    [userId, passwordHash, user.passwordHash, caller.generation],
  );
  if (!row) throw new AppError('unauthorized', SESSION_ENDED);
  const generation = services.sessions.learn(userId, Number(row.session_generation));
  services.publisher.endSessions(userId, generation);
  services.logger.info({ event: 'password changed', userId }, 'password changed: every earlier session ended');
  return generation;
}
