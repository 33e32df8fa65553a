import type { RawQuery } from '../../db/raw-query';
import { AppError } from '../errors';
import type { HistoryQuery } from './list-messages';

/*
 * History pages and the inbox, each as one prepared statement that checks access and builds
 * the response body in SQL. These are the most frequent reads; through Drizzle they took
 * three to four round trips, each planned anew, and then a row-by-row mapping in JavaScript
 * before the JSON was encoded. The JSON built here is the same wire shape as toMessage and
 * toConversation produce (PROTOCOL.md); the integration tests hold both to it.
 */

// Same text as Date#toISOString (millisecond precision, UTC, `Z`), which the Drizzle path sends.
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const publicUser = (u: string) =>
  `json_build_object('id', ${u}.id, 'name', ${u}.name, 'role', ${u}.role, 'handle', ${u}.handle, 'avatarUrl', ${u}.avatar_url, 'bio', ${u}.bio)`;

/** A message row `m` as the wire Message; `sender` is its sender's public user as json, `role` the sender's role. */
const messageJson = (m: string, sender: string, role: string, a: string, readPointerOfRecipient: string) => `json_build_object(
  'id', ${m}.id, 'seq', ${m}.seq, 'conversationId', ${m}.conversation_id, 'sender', ${sender}, 'senderType', ${role},
  'messageType', ${m}.type, 'content', ${m}.content, 'tempId', ${m}.client_id,
  'attachmentUrl', case when ${a}.id is null then null else '/api/uploads/' || ${a}.id end,
  'attachmentName', ${a}.name, 'attachmentSize', ${a}.size, 'attachmentMime', ${a}.mime,
  'isRead', ${m}.seq <= ${readPointerOfRecipient}, 'createdAt', ${iso(`${m}.created_at`)})`;

// Largest seq an int column holds: the bound for "no bound", and the clamp for larger inputs.
const MAX_SEQ = 2_147_483_647;

/**
 * Backward (latest, or before $3) and forward (after $3, below $5) are separate statements so
 * each generic plan walks the (conversation_id, seq) index in its own direction.
 */
function historyStatement(forward: boolean): string {
  const order = forward ? 'asc' : 'desc';
  const range = forward ? 'm.seq > $3::int and m.seq < $5::int' : 'm.seq < $3::int';
  return `with member as (
  select me.last_read_seq as my_read,
    coalesce((select o.last_read_seq from conversation_members o where o.conversation_id = me.conversation_id and o.user_id <> $1::uuid limit 1), 0) as other_read
  from conversation_members me
  where me.conversation_id = $2::uuid and me.user_id = $1::uuid
), page as (
  select m.*, row_number() over (order by m.seq ${order}) as rn
  from (select m.* from messages m
        where m.conversation_id = $2::uuid and ${range} and exists (select 1 from member)
        order by m.seq ${order} limit $4::int + 1) m
)
select exists (select 1 from member) as member,
  json_build_object(
    'messages', coalesce((
      select json_agg(${messageJson('p', publicUser('u'), 'u.role', 'a', 'case when p.sender_id = $1::uuid then member.other_read else member.my_read end')} order by p.seq)
      from page p cross join member join users u on u.id = p.sender_id left join attachments a on a.id = p.attachment_id
      where p.rn <= $4::int), '[]'::json),
    'hasMore', (select count(*) from page) > $4::int
  )::text as body`;
}

const HISTORY_BACKWARD = historyStatement(false);
const HISTORY_FORWARD = historyStatement(true);

/**
 * A page of history as the JSON body `{ messages (ascending seq), hasMore }`, as listMessages
 * returns it; `forbidden` for a stranger or an unknown conversation.
 */
export async function readHistoryPage(query: RawQuery, userId: string, conversationId: string, page: HistoryQuery): Promise<string> {
  const before = Math.min(page.beforeSeq ?? MAX_SEQ, MAX_SEQ);
  const rows =
    page.afterSeq !== undefined
      ? await query<{ member: boolean; body: string }>(HISTORY_FORWARD, [userId, conversationId, Math.min(page.afterSeq, MAX_SEQ), page.limit, before])
      : await query<{ member: boolean; body: string }>(HISTORY_BACKWARD, [userId, conversationId, before, page.limit]);
  const row = rows[0];
  if (!row?.member) throw new AppError('forbidden', 'You are not a participant of this conversation');
  return row.body;
}

// The last message is found through the (conversation_id, seq) index per conversation (a
// lateral join) rather than by hashing every message stored.
const INBOX = `select json_build_object('conversations', coalesce(json_agg(v.conversation order by v.at desc, v.id desc), '[]'::json))::text as body
from (
  select c.id, coalesce(c.last_message_at, c.created_at) as at, json_build_object(
    'id', c.id,
    'participants', json_build_array(pu.brand, pu.influencer),
    'otherParticipant', case when c.brand_id = $1::uuid then pu.influencer else pu.brand end,
    'lastMessage', case when l.id is null then null else ${messageJson(
      'l',
      'case when l.sender_id = b.id then pu.brand else pu.influencer end',
      'case when l.sender_id = b.id then b.role else i.role end',
      'a',
      'case when l.sender_id = $1::uuid then o.last_read_seq else me.last_read_seq end',
    )} end,
    'unreadCount', greatest(0, c.last_seq - me.last_read_seq),
    'lastReadSeq', me.last_read_seq,
    'otherLastReadSeq', o.last_read_seq,
    'lastSeq', c.last_seq,
    'createdAt', ${iso('c.created_at')},
    'updatedAt', ${iso('coalesce(c.last_message_at, c.updated_at)')}
  ) as conversation
  from conversation_members me
  join conversations c on c.id = me.conversation_id
  join conversation_members o on o.conversation_id = c.id and o.user_id <> $1::uuid
  join users b on b.id = c.brand_id
  join users i on i.id = c.influencer_id
  cross join lateral (select ${publicUser('b')} as brand, ${publicUser('i')} as influencer) pu
  left join lateral (select * from messages m where m.conversation_id = c.id and m.seq = c.last_seq limit 1) l on true
  left join attachments a on a.id = l.attachment_id
  where me.user_id = $1::uuid and me.hidden_at is null
) v`;

/** The caller's visible conversations, most recent activity first, as the JSON body `{ conversations }`. */
export async function readInbox(query: RawQuery, userId: string): Promise<string> {
  const [row] = await query<{ body: string }>(INBOX, [userId]);
  return row!.body;
}
