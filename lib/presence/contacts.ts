import { or, sql, type Column } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import type { RawQuery } from '../../db/raw-query';
import { collaborationRequests, conversations } from '../../db/schema';
import type { PresenceStatus } from '../contracts/common';

/*
 * Every socket that opens or closes a user's presence reads the user's status and contacts:
 * one prepared statement each way (on connection, and on the last disconnection with the
 * last_seen_at write), found through the members' and requests' user indexes. Contacts are
 * everyone who shares a conversation or a request with the user: the audience of its presence.
 */
const CONTACTS = `(select coalesce(json_agg(distinct c.id), '[]'::json) from (
    select o.user_id as id from conversation_members me
    join conversation_members o on o.conversation_id = me.conversation_id and o.user_id <> me.user_id
    where me.user_id = $1::uuid
    union all
    select case when r.brand_id = $1::uuid then r.influencer_id else r.brand_id end from collaboration_requests r
    where r.brand_id = $1::uuid or r.influencer_id = $1::uuid
  ) c)`;
const CONNECTED_SQL = `select u.status_preference as status, ${CONTACTS} as contacts from users u where u.id = $1::uuid`;
const WENT_OFFLINE_SQL = `with u as (update users set last_seen_at = $2::timestamptz where id = $1::uuid returning status_preference)
select u.status_preference as status, ${CONTACTS} as contacts from u`;

export type PresenceRow = { status: PresenceStatus; contacts: string[] };

/** A user's chosen status and contacts; null for an unknown user. */
export async function readPresence(query: RawQuery, userId: string): Promise<PresenceRow | null> {
  const [row] = await query<PresenceRow>(CONNECTED_SQL, [userId]);
  return row ?? null;
}

/** Writes last_seen_at; the user's chosen status and contacts, or null for an unknown user. */
export async function recordLastSeen(query: RawQuery, userId: string, lastSeenAt: Date): Promise<PresenceRow | null> {
  const [row] = await query<PresenceRow>(WENT_OFFLINE_SQL, [userId, lastSeenAt.toISOString()]);
  return row ?? null;
}

/** True when the two users share a request or a conversation. */
export async function areContacts(db: DbOrTx, a: string, b: string): Promise<boolean> {
  const pair = (brand: Column, influencer: Column) =>
    or(sql`${brand} = ${a} and ${influencer} = ${b}`, sql`${brand} = ${b} and ${influencer} = ${a}`);
  const [conv] = await db.select({ one: sql`1` }).from(conversations).where(pair(conversations.brandId, conversations.influencerId)).limit(1);
  if (conv) return true;
  const [req] = await db
    .select({ one: sql`1` })
    .from(collaborationRequests)
    .where(pair(collaborationRequests.brandId, collaborationRequests.influencerId))
    .limit(1);
  return req !== undefined;
}
