import { and, inArray, lte, type SQL } from 'drizzle-orm';
import type { Db } from '../../db';
import { collaborationRequests, type NotificationRow } from '../../db/schema';
import type { CollaborationRequest } from '../contracts/requests';
import type { Publisher } from '../realtime/publisher';
import { notifyRequest } from './notify-request';
import { publishRequestChange } from './publish-request-change';
import { queryRequests } from './query-requests';
import { OPEN_STATUSES } from './state-machine';

/** Requests expired per pass; a sweep repeats passes until a short one. */
export const EXPIRY_BATCH = 200;

/**
 * Marks open requests that went `ttlDays` without a change as expired (optionally only
 * those matching `scope`), stores a notification for both parties and, after commit,
 * publishes `request:updated`. The UPDATE re-checks status and age, so a request answered
 * in the meantime is left alone and nothing expires twice.
 */
export async function expireRequests(
  db: Db,
  publisher: Publisher,
  options: { ttlDays: number; now?: Date; scope?: SQL },
): Promise<CollaborationRequest[]> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.ttlDays * 24 * 60 * 60 * 1000);
  const stale = and(
    inArray(collaborationRequests.status, [...OPEN_STATUSES]),
    lte(collaborationRequests.updatedAt, cutoff),
    options.scope,
  );
  // A cheap look first: reads call this on every page, and almost always nothing is stale.
  const candidates = await db
    .select({ id: collaborationRequests.id })
    .from(collaborationRequests)
    .where(stale)
    .limit(EXPIRY_BATCH);
  if (candidates.length === 0) return [];

  const { requests, notifications } = await db.transaction(async (tx) => {
    const expired = await tx
      .update(collaborationRequests)
      .set({ status: 'expired', updatedAt: now })
      .where(and(stale, inArray(collaborationRequests.id, candidates.map((c) => c.id))))
      .returning();
    const notifications: NotificationRow[] = [];
    for (const row of expired) {
      const event = { requestId: row.id, title: row.title, status: 'expired' as const, actor: null };
      notifications.push(await notifyRequest(tx, row.brandId, event), await notifyRequest(tx, row.influencerId, event));
    }
    const requests =
      expired.length === 0
        ? []
        : await queryRequests(tx, inArray(collaborationRequests.id, expired.map((r) => r.id)), {
            ttlDays: options.ttlDays,
            limit: expired.length,
          });
    return { requests, notifications };
  });

  for (const request of requests) {
    publishRequestChange(
      publisher,
      'updated',
      request,
      notifications.filter((n) => n.payload.requestId === request.id),
    );
  }
  return requests;
}
