import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db';
import { collaborationRequests } from '../../db/schema';
import type { Caller } from '../auth/tokens';
import type { CollaborationRequest, ListRequestsQuery } from '../contracts/requests';
import type { Publisher } from '../realtime/publisher';
import type { RequestSettings } from './create-request';
import { expireRequests } from './expire-requests';
import { queryRequests } from './query-requests';

/**
 * The caller's requests, newest first: `incoming` are those sent to the caller, `outgoing`
 * those it sent, neither means both. Stale open requests are expired on the way.
 */
export async function listRequests(
  db: Db,
  publisher: Publisher,
  caller: Caller,
  query: Partial<ListRequestsQuery>,
  settings: RequestSettings,
): Promise<CollaborationRequest[]> {
  const incoming = eq(collaborationRequests.influencerId, caller.userId);
  const outgoing = eq(collaborationRequests.brandId, caller.userId);
  const party: SQL = query.box === 'incoming' ? incoming : query.box === 'outgoing' ? outgoing : or(incoming, outgoing)!;
  await expireRequests(db, publisher, { ttlDays: settings.ttlDays, now: settings.now, scope: party });
  const statuses = query.status ?? [];
  return queryRequests(db, and(party, statuses.length > 0 ? inArray(collaborationRequests.status, statuses) : undefined), {
    ttlDays: settings.ttlDays,
    limit: query.limit ?? 100,
  });
}
