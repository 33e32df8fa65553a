import { ZHistoryQuery } from '@/lib/contracts/chat';
import { readHistoryPage } from '@/lib/chat/hot-reads';
import { pathId } from '@/lib/server/path-id';
import { authedRoute, jsonText, readQuery } from '@/lib/server/route';

export const GET = authedRoute(async ({ req, services, caller, params }) => {
  const query = readQuery(req, ZHistoryQuery);
  return jsonText(await readHistoryPage(services.database.query, caller.userId, pathId(params), query));
});
