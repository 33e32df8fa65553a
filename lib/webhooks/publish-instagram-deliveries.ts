import type { Publisher } from '../realtime/publisher';
import { publishNotification } from '../notifications/create-notification';
import type { InstagramDelivery } from './record-instagram-events';

/**
 * After commit: each event goes to its owner only, on their /ws/notifications clients
 * subscribed to its type, their Socket.IO tabs, and as a persisted notification.
 * Events of unlinked accounts stay stored and reach no one.
 */
export function publishInstagramDeliveries(publisher: Publisher, deliveries: readonly InstagramDelivery[]): void {
  for (const { event, ownerId, notification } of deliveries) {
    if (!ownerId) continue;
    publisher.toNotificationClients(ownerId, event.eventType, { type: 'webhook_event', payload: event, timestamp: Date.now() });
    publisher.toUser(ownerId, 'webhook:event', event);
    if (notification) publishNotification(publisher, notification);
  }
}
