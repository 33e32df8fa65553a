import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { notifications } from '../../db/schema';
import type { MarkNotificationsReadInput } from '../contracts/notifications';
import { countUnreadNotifications } from './count-unread-notifications';

/** Marks the given notifications of the user read (all of them, or all up to `upTo`, without `ids`); others' ids are ignored. */
export async function markNotificationsRead(db: Db, userId: string, input: MarkNotificationsReadInput): Promise<{ unreadCount: number }> {
  return db.transaction(async (tx) => {
    if (!input.ids || input.ids.length > 0) {
      await tx
        .update(notifications)
        .set({ readAt: new Date() })
        .where(
          and(
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            input.ids ? inArray(notifications.id, input.ids) : undefined,
            !input.ids && input.upTo
              ? sql`(${notifications.createdAt}, ${notifications.id}) <= (select n.created_at, n.id from ${notifications} n where n.id = ${input.upTo} and n.user_id = ${userId})`
              : undefined,
          ),
        );
    }
    return { unreadCount: await countUnreadNotifications(tx, userId) };
  });
}
