import { ZAnswerNote } from '@/lib/contracts/requests';
import { answerRequest } from '@/lib/requests/answer-request';
import { authedRoute, json, readJson } from '@/lib/server/route';

export const POST = authedRoute(async ({ req, services, caller, params }) => {
  const { note } = await readJson(req, ZAnswerNote);
  const result = await answerRequest(
    services.db,
    services.publisher,
    caller,
    { requestId: params.id ?? '', action: 'reject', note },
    { ttlDays: services.config.requestTtlDays },
  );
  return json(result);
});
