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
 * prepared statement for the two columns they need. Null when the account is gone.
 */
export async function findHandshakeUser(query: RawQuery, userId: string): Promise<{ id: string; role: UserRow['role']; name: string } | null> {
  const [row] = await query<{ role: UserRow['role']; name: string }>('select role, name from users where id = $1::uuid', [userId]);
  return row ? { id: userId, role: row.role, name: row.name } : null;
}
