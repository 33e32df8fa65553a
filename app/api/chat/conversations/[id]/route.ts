import { hideConversation } from '@/lib/chat/hide-conversation';
import { readConversation } from '@/lib/chat/hot-reads';
import { AppError } from '@/lib/errors';
import { pathId } from '@/lib/server/path-id';
import { authedRoute, jsonText } from '@/lib/server/route';

export const GET = authedRoute(async ({ services, caller, params }) => {
  const body = await readConversation(services.database.query, caller.userId, pathId(params));
  if (!body) throw new AppError('forbidden', 'You are not a participant of this conversation');
  return jsonText(body);
});

export const DELETE = authedRoute(async ({ services, caller, params }) => {
  const conversationId = pathId(params);
  const { lastSeq } = await hideConversation(services.db, caller.userId, conversationId);
  // The caller's other tabs and devices drop it from their inbox too.
  services.publisher.toUser(caller.userId, 'conversation:hidden', { conversationId, lastSeq });
  return new Response(null, { status: 204 });
});
