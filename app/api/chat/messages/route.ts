import { ZSendMessage } from '@/lib/contracts/chat';
import { publishMessage } from '@/lib/chat/publish-message';
import { sendMessage } from '@/lib/chat/send-message';
import { authedRoute, json, readJson } from '@/lib/server/route';

export const POST = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZSendMessage);
  services.limits.messages.consume(caller.userId, 'messages');
  const sent = await sendMessage(services.db, caller.userId, input);
  if (sent.created) publishMessage(services.publisher, sent);
  return json({ message: sent.message }, sent.created ? 201 : 200);
});
