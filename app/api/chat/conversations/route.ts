import { z } from 'zod';
import { readInbox } from '@/lib/chat/hot-reads';
import { startConversation } from '@/lib/chat/start-conversation';
import { ZInboxQuery } from '@/lib/contracts/chat';
import { ZUuid } from '@/lib/contracts/common';
import { authedRoute, json, jsonText, readJson, readQuery } from '@/lib/server/route';

const ZStartConversation = z.object({ participantId: ZUuid });

export const GET = authedRoute(async ({ req, services, caller }) =>
  jsonText(await readInbox(services.database.query, caller.userId, readQuery(req, ZInboxQuery))),
);

export const POST = authedRoute(async ({ req, services, caller }) => {
  const { participantId } = await readJson(req, ZStartConversation);
  const { conversation, created } = await startConversation(services.db, caller, participantId);
  return json({ conversation }, created ? 201 : 200);
});
