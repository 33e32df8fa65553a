import { ZSendMessage } from '@/lib/contracts/chat';
import { notifyOfflineRecipient } from '@/lib/chat/notify-offline-recipient';
import { publishMessage } from '@/lib/chat/publish-message';
import { sendMessage } from '@/lib/chat/send-message';
import { authedRoute, json, readJson } from '@/lib/server/route';

export const POST = authedRoute(async ({ req, services, caller }) => {
  const timer = services.metrics.sendLatency.startTimer({ transport: 'rest' });
  const input = await readJson(req, ZSendMessage);
  await services.limits.messages.consume(caller.userId, 'messages');
  const sent = await sendMessage(services, caller.userId, input);
  if (sent.created) {
    services.metrics.messagesSent.inc({ transport: 'rest' });
    publishMessage(services.publisher, sent);
    await notifyOfflineRecipient(services, sent).catch((err: unknown) => services.logger.warn({ err }, 'message notification failed'));
  }
  timer();
  return json({ message: sent.message }, sent.created ? 201 : 200);
});
