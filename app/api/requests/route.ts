import { ZCreateRequest, ZListRequestsQuery } from '@/lib/contracts/requests';
import { createRequest } from '@/lib/requests/create-request';
import { listRequests } from '@/lib/requests/list-requests';
import { authedRoute, json, readJson, readQuery } from '@/lib/server/route';

export const GET = authedRoute(async ({ req, services, caller }) => {
  const query = readQuery(req, ZListRequestsQuery);
  const requests = await listRequests(services.db, services.publisher, caller, query, { ttlDays: services.config.requestTtlDays });
  return json({ requests });
});

export const POST = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZCreateRequest);
  await services.limits.requests.consume(caller.userId, 'collaboration requests');
  const request = await createRequest(services.db, services.publisher, caller, input, { ttlDays: services.config.requestTtlDays });
  return json({ request }, 201);
});
