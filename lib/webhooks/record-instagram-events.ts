import { createHash } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Db } from '../../db';
import { instagramAccounts, webhookEvents, type NotificationRow } from '../../db/schema';
import type { InstagramEvent } from '../contracts/webhooks';
import { createNotification } from '../notifications/create-notification';

/** An event stored for the first time, with the user it belongs to (null: account not linked). */
export type InstagramDelivery = { event: InstagramEvent; ownerId: string | null; notification: NotificationRow | null };

/**
 * The dedupe key of an event. Meta's ids are only unique per kind of object and per
 * receiving account (a mention of one account can be a comment on another's media), and
 * message mids run past the column's length, so the key is a fixed-length digest.
 */
export function instagramEventKey(event: Pick<InstagramEvent, 'accountId' | 'eventType' | 'id'>): string {
  return createHash('sha256').update(`${event.accountId}\u0000${event.eventType}\u0000${event.id}`).digest('hex');
}

/**
 * Stores events once each and, for a linked account, the owner's notification, in one
 * transaction. A redelivered event inserts nothing and is left out of the result, so it
 * is never pushed twice. Rows are written in key order so that two concurrent deliveries
 * of overlapping batches lock the unique index in the same order and cannot deadlock.
 */
export async function recordInstagramEvents(db: Db, events: readonly InstagramEvent[]): Promise<InstagramDelivery[]> {
  if (events.length === 0) return [];
  const keyed = events.map((event) => ({ event, key: instagramEventKey(event) }));
  const rows = [...keyed]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ event, key }) => ({ externalId: key, accountId: event.accountId, eventType: event.eventType, payload: { ...event } }));

  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(webhookEvents)
      .values(rows)
      .onConflictDoNothing({ target: webhookEvents.externalId })
      .returning({ externalId: webhookEvents.externalId });
    const fresh = new Set(inserted.map((r) => r.externalId));
    if (fresh.size === 0) return [];

    const accountIds = [...new Set(keyed.filter((k) => fresh.has(k.key)).map((k) => k.event.accountId))];
    const owners = await tx
      .select({ accountId: instagramAccounts.accountId, userId: instagramAccounts.userId })
      .from(instagramAccounts)
      .where(inArray(instagramAccounts.accountId, accountIds));
    const ownerOf = new Map(owners.map((o) => [o.accountId, o.userId]));

    const deliveries: InstagramDelivery[] = [];
    for (const { event, key } of keyed) {
      // The same event twice in one body is inserted once and delivered once.
      if (!fresh.delete(key)) continue;
      const ownerId = ownerOf.get(event.accountId) ?? null;
      const notification = ownerId ? await createNotification(tx, ownerId, 'instagram', { ...event }) : null;
      deliveries.push({ event, ownerId, notification });
    }
    return deliveries;
  });
}
