import { and, eq, isNull, sql } from 'drizzle-orm';
import { notifications } from '../../db/schema';
import { createNotification, publishNotification } from '../notifications/create-notification';
import type { Services } from '../services';
import type { SentMessage } from './send-message';

/**
 * A recipient with no open tab finds what it missed in the notification center: one unread
 * notification per conversation, updated with the latest message and a count.
 */
export async function notifyOfflineRecipient(services: Pick<Services, 'db' | 'presence' | 'publisher'>, sent: SentMessage): Promise<void> {
  const { message, recipientId } = sent;
  if (await services.presence.isConnected(recipientId)) return;
  const preview = (message.content || message.attachmentName || 'Attachment').slice(0, 140);
  const row = await services.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.userId, recipientId),
          eq(notifications.kind, 'message'),
          isNull(notifications.readAt),
          sql`${notifications.payload}->>'conversationId' = ${message.conversationId}`,
        ),
      )
      .limit(1)
      .for('update');
    const payload = {
      conversationId: message.conversationId,
      messageId: message.id,
      senderName: message.sender.name,
      preview,
      count: Number((existing?.payload as { count?: number } | undefined)?.count ?? 0) + 1,
    };
    if (!existing) return createNotification(tx, recipientId, 'message', payload);
    const [updated] = await tx
      .update(notifications)
      .set({ payload, createdAt: new Date() })
      .where(eq(notifications.id, existing.id))
      .returning();
    return updated!;
  });
  publishNotification(services.publisher, row);
}
