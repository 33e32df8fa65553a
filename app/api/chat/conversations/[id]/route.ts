import { getConversation } from '@/lib/chat/conversation-views';
import { hideConversation } from '@/lib/chat/hide-conversation';
import { AppError } from '@/lib/errors';
import { pathId } from '@/lib/server/path-id';
import { authedRoute, json } from '@/lib/server/route';

export const GET = authedRoute(async ({ services, caller, params }) => {
  const conversation = await getConversation(services.db, caller.userId, pathId(params));
  if (!conversation) throw new AppError('forbidden', 'You are not a participant of this conversation');
  return json({ conversation });
});

export const DELETE = authedRoute(async ({ services, caller, params }) => {
  await hideConversation(services.db, caller.userId, pathId(params));
  return new Response(null, { status: 204 });
});
