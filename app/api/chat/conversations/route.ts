import { z } from 'zod';
import { listConversations } from '@/lib/chat/conversation-views';
import { startConversation } from '@/lib/chat/start-conversation';
import { ZUuid } from '@/lib/contracts/common';
import { authedRoute, json, readJson } from '@/lib/server/route';

const ZStartConversation = z.object({ participantId: ZUuid });

export const GET = authedRoute(async ({ services, caller }) => json({ conversations: await listConversations(services.db, caller.userId) }));

export const POST = authedRoute(async ({ req, services, caller }) => {
  const { participantId } = await readJson(req, ZStartConversation);
  const { conversation, created } = await startConversation(services.db, caller, participantId);
  return json({ conversation }, created ? 201 : 200);
});
