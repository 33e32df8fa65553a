import { ZHistoryQuery } from '@/lib/contracts/chat';
import { listMessages } from '@/lib/chat/list-messages';
import { pathId } from '@/lib/server/path-id';
import { authedRoute, json, readQuery } from '@/lib/server/route';

export const GET = authedRoute(async ({ req, services, caller, params }) => {
  const query = readQuery(req, ZHistoryQuery);
  return json(await listMessages(services.db, caller.userId, pathId(params), query));
});
