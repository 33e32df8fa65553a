import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import type { RawQuery } from '../../db/raw-query';
import { users, type UserRow } from '../../db/schema';

export async function findUser(db: DbOrTx, userId: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}

/**
 * Who a token's user is now, for connection handshakes (every socket opens with one): a
 * prepared statement for the columns they need, the session generation included, so one read
 * both names the user and says whether the token's session still stands. Null when the
 * account is gone.
 */
export async function findHandshakeUser(
  query: RawQuery,
  userId: string,
): Promise<{ id: string; role: UserRow['role']; name: string; sessionGeneration: number } | null> {
  const [row] = await query<{ role: UserRow['role']; name: string; session_generation: number }>(
    'select role, name, session_generation from users where id = $1::uuid',
    [userId],
  );
  return row ? { id: userId, role: row.role, name: row.name, sessionGeneration: Number(row.session_generation) } : null;
}
