import { z } from 'zod';
import { ZUuid } from './common';

/** A persisted notification: what a user missed while away (extension of the contract). */
export type AppNotification = {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
};

/** One page of notifications, newest first. */
export type NotificationPage = {
  notifications: AppNotification[];
  nextCursor: string | null;
  unreadCount: number;
};

export const ZNotificationQuery = z.object({
  /** The id of the last notification of the previous page. */
  cursor: ZUuid.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type NotificationQuery = z.infer<typeof ZNotificationQuery>;

export const ZMarkNotificationsRead = z.object({
  /** Absent: mark every notification read (up to `upTo` when given). */
  ids: z.array(ZUuid).max(200).optional(),
  /**
   * Without `ids`: only this notification and older ones. "Mark all read" sends the newest
   * it shows, so one that arrives meanwhile stays unread.
   */
  upTo: ZUuid.optional(),
});
export type MarkNotificationsReadInput = z.infer<typeof ZMarkNotificationsRead>;
