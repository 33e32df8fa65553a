import type { NotificationRow } from '../../db/schema';
import type { CollaborationRequest } from '../contracts/requests';
import { publishNotification } from '../notifications/create-notification';
import type { Publisher } from '../realtime/publisher';

/**
 * After commit: a new request reaches the influencer as `request:new`, a change reaches
 * every tab of both parties as `request:updated`, and the stored notifications follow.
 */
export function publishRequestChange(
  publisher: Publisher,
  kind: 'new' | 'updated',
  request: CollaborationRequest,
  notifications: readonly NotificationRow[],
): void {
  if (kind === 'new') publisher.toUser(request.influencer.id, 'request:new', { request });
  else publisher.toUsers([request.brand.id, request.influencer.id], 'request:updated', { request });
  for (const row of notifications) publishNotification(publisher, row);
}
