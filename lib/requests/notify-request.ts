import type { DbOrTx } from '../../db';
import type { NotificationRow } from '../../db/schema';
import type { RequestStatus } from '../contracts/requests';
import { createNotification } from '../notifications/create-notification';

/**
 * Stores a request event for `userId` inside the caller's transaction, so someone who was
 * away finds it at the next visit. `actor` is null when nobody acted (expiry).
 */
export function notifyRequest(
  db: DbOrTx,
  userId: string,
  event: { requestId: string; title: string; status: RequestStatus; actor: { id: string; name: string } | null },
): Promise<NotificationRow> {
  return createNotification(db, userId, 'request', {
    requestId: event.requestId,
    title: event.title,
    status: event.status,
    actorId: event.actor?.id ?? null,
    actorName: event.actor?.name ?? null,
  });
}
