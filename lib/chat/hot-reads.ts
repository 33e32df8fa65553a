import type { RawQuery } from '../../db/raw-query';
import { AppError } from '../errors';
import { decodeCursor, encodeCursor } from '../server/cursor';
import { attachmentUrl } from './to-message';
import { INBOX_PAGE_SIZE, type HistoryQuery, type InboxQuery } from '../contracts/chat';
import { ZUuid } from '../contracts/common';

/*
 * History pages and the inbox, each as one prepared statement: the most frequent reads.
 * Through Drizzle a history page took three round trips, each planned anew, then a
 * row-by-row mapping before the JSON was encoded; here one statement checks access and
 * reads the page. Both return rows, turned into the wire shapes toMessage and
 * toConversation produce (PROTOCOL.md) below; the integration tests hold them to it.
 * Not JSON built in SQL: json_build_object looks up every argument's type on every call,
 * which for a thousand conversations cost three times the joins themselves, and for a page
 * of 50 messages two thirds of the statement (p50 on 1M messages, deep page, statement and
 * encoding: Postgres 2.0 → 0.55 ms, PGlite 0.90 → 0.66 ms).
 */

// Same text as Date#toISOString (millisecond precision, UTC, `Z`), which the Drizzle path sends.
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Largest seq an int column holds: the bound for "no bound", and the clamp for larger inputs.
const MAX_SEQ = 2_147_483_647;

/**
 * The caller's membership (none: no row at all), then the page's messages newest first
 * (backward: the latest, or before $3) or oldest first (forward: after $3, below $5), one more
 * than the page holds to tell whether there are more. A member of a conversation without
 * messages in the range gets one row whose message columns are null. Backward and forward are
 * separate statements so each generic plan walks the (conversation_id, seq) index in its own
 * direction.
 */
function historyStatement(forward: boolean): string {
  const order = forward ? 'asc' : 'desc';
  const range = forward ? 'm.seq > $3::int and m.seq < $5::int' : 'm.seq < $3::int';
  // A sender's details come with their first message of the page only: every row that
  // repeated them was a join and five more strings for the driver to make.
  return `with member as (
  select me.last_read_seq as my_read,
    coalesce((select o.last_read_seq from conversation_members o where o.conversation_id = me.conversation_id and o.user_id <> $1::uuid limit 1), 0) as other_read
  from conversation_members me
  where me.conversation_id = $2::uuid and me.user_id = $1::uuid
)
select member.my_read, member.other_read,
  p.id, p.seq, p.sender_id, p.type, p.content, p.client_id, ${iso('p.created_at')} as created_at,
  u.name as u_name, u.role as u_role, u.handle as u_handle, u.avatar_url as u_avatar_url, u.bio as u_bio,
  a.id as a_id, a.name as a_name, a.size as a_size, a.mime as a_mime
from member
left join lateral (
  select q.*, row_number() over (partition by q.sender_id order by q.seq ${order}) = 1 as first_of_sender
  from (select m.id, m.seq, m.sender_id, m.type, m.content, m.client_id, m.created_at, m.attachment_id from messages m
        where m.conversation_id = $2::uuid and ${range}
        order by m.seq ${order} limit $4::int + 1) q) p on true
left join users u on p.first_of_sender and u.id = p.sender_id
left join attachments a on a.id = p.attachment_id
order by p.seq ${order}`;
}

const HISTORY_BACKWARD = historyStatement(false);
const HISTORY_FORWARD = historyStatement(true);

type HistoryRow = {
  my_read: number; other_read: number;
  id: string | number | bigint | null; seq: number | null; sender_id: string | null; type: string | null; content: string | null;
  client_id: string | null; created_at: string | null;
  u_name: string | null; u_role: string | null; u_handle: string | null; u_avatar_url: string | null; u_bio: string | null;
  a_id: string | null; a_name: string | null; a_size: number | null; a_mime: string | null;
};

/**
 * A page of history as the JSON body `{ messages (ascending seq), hasMore }`; `forbidden` for a
 * stranger or an unknown conversation. `conversationId` is lowercase, as pathId gives it.
 */
export async function readHistoryPage(query: RawQuery, userId: string, conversationId: string, page: HistoryQuery): Promise<string> {
  const before = Math.min(page.beforeSeq ?? MAX_SEQ, MAX_SEQ);
  const forward = page.afterSeq !== undefined;
  const rows = forward
    ? await query<HistoryRow>(HISTORY_FORWARD, [userId, conversationId, Math.min(page.afterSeq!, MAX_SEQ), page.limit, before])
    : await query<HistoryRow>(HISTORY_BACKWARD, [userId, conversationId, before, page.limit]);
  const first = rows[0];
  if (!first) throw new AppError('forbidden', 'You are not a participant of this conversation');
  const count = first.seq === null ? 0 : Math.min(rows.length, page.limit);
  // Each sender's details arrive on their first row of the page (in the statement's order).
  const senders = new Map<string, { encoded: string; role: string }>();
  const messages: string[] = new Array<string>(count);
  for (let i = 0; i < count; i++) {
    const r = rows[i]!;
    let sender = senders.get(r.sender_id!);
    if (sender === undefined) {
      sender = { encoded: publicUserText(r.sender_id!, r.u_name!, r.u_role!, r.u_handle!, r.u_avatar_url, r.u_bio), role: r.u_role! };
      senders.set(r.sender_id!, sender);
    }
    const readPointerOfRecipient = r.sender_id === userId ? first.other_read : first.my_read;
    // Ascending seq either way: a backward page arrives newest first.
    messages[forward ? i : count - 1 - i] = messageText({
      id: r.id!, seq: r.seq!, conversationId, sender: sender.encoded, senderRole: sender.role, type: r.type!, content: r.content,
      clientId: r.client_id, attachmentId: r.a_id, attachmentName: r.a_name, attachmentSize: r.a_size, attachmentMime: r.a_mime,
      isRead: r.seq! <= readPointerOfRecipient, createdAt: r.created_at!,
    });
  }
  return `{"messages":[${messages.join(',')}],"hasMore":${rows.length > page.limit}}`;
}

/** A message as the wire Message's JSON text; `sender` is already encoded. */
function messageText(m: {
  id: string | number | bigint; seq: number; conversationId: string; sender: string; senderRole: string; type: string; content: string | null;
  clientId: string | null; attachmentId: string | null; attachmentName: string | null; attachmentSize: number | null; attachmentMime: string | null;
  isRead: boolean; createdAt: string;
}): string {
  return (
    `{"id":${Number(m.id)},"seq":${m.seq},"conversationId":"${m.conversationId}","sender":${m.sender},` +
    `"senderType":${text(m.senderRole)},"messageType":${text(m.type)},"content":${text(m.content)},` +
    `"tempId":${text(m.clientId)},"attachmentUrl":${m.attachmentId === null ? 'null' : text(attachmentUrl(m.attachmentId))},` +
    `"attachmentName":${text(m.attachmentName)},"attachmentSize":${m.attachmentSize ?? 'null'},"attachmentMime":${text(m.attachmentMime)},` +
    `"isRead":${m.isRead},"createdAt":"${m.createdAt}"}`
  );
}

/** A public user as the wire's JSON text. */
const publicUserText = (id: string, name: string, role: string, handle: string, avatarUrl: string | null, bio: string | null) =>
  JSON.stringify({ id, name, role, handle, avatarUrl, bio });

/** Encodes public users, each once per response (the same one or two appear on every row). */
function userEncoder() {
  const users = new Map<string, string>();
  return (id: string, name: string, role: string, handle: string, avatarUrl: string | null, bio: string | null) => {
    let encoded = users.get(id);
    if (encoded === undefined) {
      encoded = publicUserText(id, name, role, handle, avatarUrl, bio);
      users.set(id, encoded);
    }
    return encoded;
  };
}

const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));

// The last message is found through the (conversation_id, seq) index per conversation (a
// lateral join) rather than by hashing every message stored.
// `me` is the caller's membership row (with its conversation's `activity` for the inbox).
const conversationsStatement = (from: string, tail: string, extra = '') => `select ${extra}c.id, c.brand_id, c.influencer_id, c.last_seq, c.created_at, coalesce(c.last_message_at, c.updated_at) as updated_at,
  me.last_read_seq as my_read, o.last_read_seq as other_read,
  b.name as b_name, b.role as b_role, b.handle as b_handle, b.avatar_url as b_avatar_url, b.bio as b_bio,
  i.name as i_name, i.role as i_role, i.handle as i_handle, i.avatar_url as i_avatar_url, i.bio as i_bio,
  l.id as l_id, l.seq as l_seq, l.sender_id as l_sender_id, l.client_id as l_client_id, l.type as l_type, l.content as l_content, l.created_at as l_created_at,
  a.id as a_id, a.name as a_name, a.size as a_size, a.mime as a_mime
from ${from}
join conversations c on c.id = me.conversation_id
join conversation_members o on o.conversation_id = c.id and o.user_id <> $1::uuid
join users b on b.id = c.brand_id
join users i on i.id = c.influencer_id
left join lateral (select * from messages m where m.conversation_id = c.id and m.seq = c.last_seq limit 1) l on true
left join attachments a on a.id = l.attachment_id
${tail}`;

// Most recent activity first; a page is keyed by the (activity, id) of the previous page's last
// conversation ($2, $3; null for the first page) and holds $4 rows (null: all of them). Only
// the page's rows are joined to their details. The activity goes out and comes back as text
// with every microsecond (a JavaScript Date, or a driver's timestamp parameter, would round
// it and skip or repeat conversations).
const INBOX_SQL = conversationsStatement(
  `(select me.conversation_id, me.last_read_seq, coalesce(c.last_message_at, c.created_at) as activity
  from conversation_members me join conversations c on c.id = me.conversation_id
  where me.user_id = $1::uuid and (me.hidden_through_seq is null or c.last_seq > me.hidden_through_seq)
    and ($2::text is null or (coalesce(c.last_message_at, c.created_at), c.id) < ($2::text::timestamptz, $3::uuid))
  order by activity desc, c.id desc
  limit $4::int) me`,
  'order by me.activity desc, c.id desc',
  `to_char(me.activity at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as activity, `,
);
// One conversation, hidden or not, as getConversation answers it.
const CONVERSATION_SQL = conversationsStatement('conversation_members me', 'where me.user_id = $1::uuid and me.conversation_id = $2::uuid');

type InboxRow = {
  id: string; brand_id: string; influencer_id: string; last_seq: number; created_at: Date | string; updated_at: Date | string; my_read: number; other_read: number;
  b_name: string; b_role: string; b_handle: string; b_avatar_url: string | null; b_bio: string | null;
  i_name: string; i_role: string; i_handle: string; i_avatar_url: string | null; i_bio: string | null;
  l_id: string | number | bigint | null; l_seq: number | null; l_sender_id: string | null; l_client_id: string | null; l_type: string | null;
  l_content: string | null; l_created_at: Date | string | null;
  a_id: string | null; a_name: string | null; a_size: number | null; a_mime: string | null;
};

// postgres-js under Drizzle hands timestamps over as text, PGlite as Date.
const isoTime = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();
/**
 * The caller's visible conversations, most recent activity first (the shape toConversation
 * gives): as the JSON body `{ conversations }` when `page` asks for neither a limit nor a
 * cursor, else `{ conversations, nextCursor }` with `limit` (default 50) of them.
 */
export async function readInbox(query: RawQuery, userId: string, page: InboxQuery = {}): Promise<string> {
  if (page.limit === undefined && page.cursor === undefined) {
    const rows = await query<InboxRow>(INBOX_SQL, [userId, null, null, null]);
    return `{"conversations":[${conversationsJson(rows, userId).join(',')}]}`;
  }
  const limit = page.limit ?? INBOX_PAGE_SIZE;
  const after = page.cursor === undefined ? null : decodeInboxCursor(page.cursor);
  const rows = await query<InboxRow & { activity: string }>(INBOX_SQL, [userId, after?.activity ?? null, after?.id ?? null, limit + 1]);
  const last = rows.length > limit ? rows[limit - 1] : undefined;
  const nextCursor = last ? JSON.stringify(encodeCursor([last.activity, last.id])) : 'null';
  return `{"conversations":[${conversationsJson(rows.slice(0, limit), userId).join(',')}],"nextCursor":${nextCursor}}`;
}

function decodeInboxCursor(raw: string): { activity: string; id: string } {
  const [activity, id] = decodeCursor(
    raw,
    (parts) =>
      parts.length === 2 &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(parts[0]!) &&
      // A real instant (no 30 February): the database would refuse it with an error of its own.
      isRealInstant(parts[0]!) &&
      ZUuid.safeParse(parts[1]).success,
  );
  // Whatever its case: the statement compares it as a uuid.
  return { activity: activity!, id: id! };
}

function isRealInstant(text: string): boolean {
  const time = new Date(text);
  return time.getTime() >= 0 && time.toISOString().slice(0, 23) === text.slice(0, 23);
}

/** One conversation as the caller sees it, as the JSON body `{ conversation }`; null when the caller is not a participant. */
export async function readConversation(query: RawQuery, userId: string, conversationId: string): Promise<string | null> {
  const [encoded] = conversationsJson(await query<InboxRow>(CONVERSATION_SQL, [userId, conversationId]), userId);
  return encoded === undefined ? null : `{"conversation":${encoded}}`;
}

function conversationsJson(rows: InboxRow[], userId: string): string[] {
  // The caller is in every row: each participant is encoded once per response.
  const user = userEncoder();
  return rows.map((r) => {
    const brand = user(r.brand_id, r.b_name, r.b_role, r.b_handle, r.b_avatar_url, r.b_bio);
    const influencer = user(r.influencer_id, r.i_name, r.i_role, r.i_handle, r.i_avatar_url, r.i_bio);
    let last = 'null';
    if (r.l_id !== null) {
      const byBrand = r.l_sender_id === r.brand_id;
      const readPointerOfRecipient = r.l_sender_id === userId ? r.other_read : r.my_read;
      last = messageText({
        id: r.l_id, seq: r.l_seq!, conversationId: r.id, sender: byBrand ? brand : influencer, senderRole: byBrand ? r.b_role : r.i_role,
        type: r.l_type!, content: r.l_content, clientId: r.l_client_id, attachmentId: r.a_id, attachmentName: r.a_name,
        attachmentSize: r.a_size, attachmentMime: r.a_mime, isRead: r.l_seq! <= readPointerOfRecipient, createdAt: isoTime(r.l_created_at!),
      });
    }
    return (
      `{"id":"${r.id}","participants":[${brand},${influencer}],"otherParticipant":${r.brand_id === userId ? influencer : brand},` +
      `"lastMessage":${last},"unreadCount":${Math.max(0, r.last_seq - r.my_read)},"lastReadSeq":${r.my_read},` +
      `"otherLastReadSeq":${r.other_read},"lastSeq":${r.last_seq},"createdAt":"${isoTime(r.created_at)}",` +
      `"updatedAt":"${isoTime(r.updated_at)}"}`
    );
  });
}
