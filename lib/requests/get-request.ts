import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../db';
import { collaborationRequests } from '../../db/schema';
import type { Caller } from '../auth/tokens';
import { ZUuid } from '../contracts/common';
import type { CollaborationRequest } from '../contracts/requests';
import { AppError } from '../errors';
import type { Publisher } from '../realtime/publisher';
import type { RequestSettings } from './create-request';
import { expireRequests } from './expire-requests';
import { queryRequests } from './query-requests';

/** One request for one of its parties; anyone else learns nothing, not even that it exists. */
export async function getRequest(
  db: Db,
  publisher: Publisher,
  caller: Caller,
  input: { requestId: string },
  settings: RequestSettings,
): Promise<CollaborationRequest> {
  if (!ZUuid.safeParse(input.requestId).success) throw new AppError('not_found', 'Request not found');
  const mine = and(
    eq(collaborationRequests.id, input.requestId),
    or(eq(collaborationRequests.brandId, caller.userId), eq(collaborationRequests.influencerId, caller.userId)),
  )!;
  await expireRequests(db, publisher, { ttlDays: settings.ttlDays, now: settings.now, scope: mine });
  const [request] = await queryRequests(db, mine, { ttlDays: settings.ttlDays, limit: 1 });
  if (!request) throw new AppError('not_found', 'Request not found');
  return request;
}
