import { getRequest } from '@/lib/requests/get-request';
import { authedRoute, json } from '@/lib/server/route';

export const GET = authedRoute(async ({ services, caller, params }) => {
  const request = await getRequest(services.db, services.publisher, caller, { requestId: params.id ?? '' }, { ttlDays: services.config.requestTtlDays });
  return json({ request });
});
