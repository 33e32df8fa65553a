import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { users, type UserRow } from '../../db/schema';

export async function findUser(db: DbOrTx, userId: string): Promise<UserRow | null> {
  const [row] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  return row ?? null;
}
