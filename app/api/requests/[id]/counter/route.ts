import { ZCounterRequest } from '@/lib/contracts/requests';
import { answerRequest } from '@/lib/requests/answer-request';
import { authedRoute, json, readJson } from '@/lib/server/route';

export const POST = authedRoute(async ({ req, services, caller, params }) => {
  const counter = await readJson(req, ZCounterRequest);
  const result = await answerRequest(
    services.db,
    services.publisher,
    caller,
    { requestId: params.id ?? '', action: 'counter', ...counter },
    { ttlDays: services.config.requestTtlDays },
  );
  return json(result);
});
