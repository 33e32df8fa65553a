import type { DbOrTx } from '../../db';
import { notifications, type NotificationRow } from '../../db/schema';
import type { AppNotification } from '../contracts/notifications';
import type { Publisher } from '../realtime/publisher';

export type NotificationKind = 'request' | 'message' | 'instagram';

/** Stores what a user should see even if they were away. Call inside the caller's transaction. */
export async function createNotification(
  db: DbOrTx,
  userId: string,
  kind: NotificationKind,
  payload: Record<string, unknown>,
): Promise<NotificationRow> {
  const [row] = await db.insert(notifications).values({ userId, kind, payload }).returning();
  return row!;
}

export function toAppNotification(row: NotificationRow): AppNotification {
  return {
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** After commit: tells the user's open tabs about a stored notification. */
export function publishNotification(publisher: Publisher, row: NotificationRow): void {
  publisher.toUser(row.userId, 'notification:new', { notification: toAppNotification(row) });
}
