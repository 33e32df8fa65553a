import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { notifications } from '../../db/schema';
import type { NotificationPage, NotificationQuery } from '../contracts/notifications';
import { countUnreadNotifications } from './count-unread-notifications';
import { toAppNotification } from './create-notification';

/**
 * One page of the user's notifications, newest first, with the unread total. The cursor is
 * the last id of the previous page; its row's own created_at is compared in the database,
 * because a JavaScript Date would round the microseconds away and skip rows.
 */
export async function listNotifications(db: Db, userId: string, query: NotificationQuery): Promise<NotificationPage> {
  const after = query.cursor
    ? sql`(${notifications.createdAt}, ${notifications.id}) < (select n.created_at, n.id from ${notifications} n where n.id = ${query.cursor} and n.user_id = ${userId})`
    : undefined;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, userId), after))
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    return {
      notifications: page.map(toAppNotification),
      nextCursor: rows.length > query.limit ? (page.at(-1)?.id ?? null) : null,
      unreadCount: await countUnreadNotifications(tx, userId),
    };
  });
}
