import { ZAnswerNote } from '../contracts/requests';
import { authedRoute, json, readJson } from '../server/route';
import { answerRequest } from './answer-request';

/** POST /api/requests/:id/<action> for the answers that take only an optional note. */
export function answerRoute(action: 'accept' | 'reject' | 'withdraw') {
  return authedRoute(async ({ req, services, caller, params }) => {
    const { note } = await readJson(req, ZAnswerNote);
    const result = await answerRequest(
      services.db,
      services.publisher,
      caller,
      { requestId: params.id ?? '', action, note },
      { ttlDays: services.config.requestTtlDays },
    );
    return json(result);
  });
}
