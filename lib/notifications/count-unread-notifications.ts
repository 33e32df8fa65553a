import { and, count, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { notifications } from '../../db/schema';

export async function countUnreadNotifications(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}
