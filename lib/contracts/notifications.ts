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
  /** Absent: mark every notification read. */
  ids: z.array(ZUuid).max(200).optional(),
});
export type MarkNotificationsReadInput = z.infer<typeof ZMarkNotificationsRead>;
