import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { users, type UserRow } from '../../db/schema';
import type { Credentials } from '../contracts/users';
import { getDecoyHash, verifyPassword } from '../auth/password';

/** The user whose email and password match, or null; takes as long either way. */
export async function authenticateUser(db: Db, credentials: Credentials): Promise<UserRow | null> {
  const [row] = await db
    .select()
    .from(users)
    .where(eq(sql`lower(${users.email})`, credentials.email.trim().toLowerCase()))
    .limit(1);
  if (!row) {
    await verifyPassword(await getDecoyHash(), credentials.password);
    return null;
  }
  return (await verifyPassword(row.passwordHash, credentials.password)) ? row : null;
}
