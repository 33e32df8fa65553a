import type { Publisher } from '../realtime/publisher';
import type { SentMessage } from './send-message';

/**
 * After commit: `message:new` to the conversation's room except the sending socket (the
 * sender's other tabs get it), `message:notification` to the recipient's sockets elsewhere.
 */
export function publishMessage(publisher: Publisher, sent: SentMessage, exceptSocketId?: string): void {
  // Delivery counts are kept by the publisher, which knows the rooms.
  const { message } = sent;
  publisher.toConversation(message.conversationId, 'message:new', message, exceptSocketId ? { exceptSocketId } : undefined);
  publisher.toUserOutsideConversation(sent.recipientId, message.conversationId, 'message:notification', {
    conversationId: message.conversationId,
    message,
  });
}
