import type { Database } from '../../db';
import type { MessageRow, UserRow } from '../../db/schema';
import type { MessageType } from '../contracts/chat';
import { AppError, isUniqueViolation, pgErrorCode } from '../errors';

/** One send waiting for its group commit. */
export type QueuedSend = {
  conversationId: string;
  senderId: string;
  type: MessageType;
  content: string;
  clientId: string | null;
  attachmentId: string | null;
};

/** What a send's commit produced: a new row, or the row stored earlier under the same tempId. */
export type SendOutcome = { created: true; row: MessageRow; sender: SenderRow } | { created: false; row: MessageRow };

export type SenderRow = Pick<UserRow, 'id' | 'name' | 'role' | 'handle' | 'avatarUrl' | 'bio'>;

type Pending = QueuedSend & { resolve: (outcome: SendOutcome) => void; reject: (error: unknown) => void };

export type SendQueueOptions = {
  /** Sends taken into one statement at most. */
  maxBatch?: number;
  /** Batch attempts after a unique or deadlock conflict with another process before giving up. */
  retries?: number;
};

/**
 * Group commit for chat messages. Sends that arrive while a commit is in flight wait and
 * go together in the next one: a single statement, so a single commit, that
 * - returns the rows already stored under a (sender, tempId) of the batch (replays, or a
 *   conflict when that row is in another conversation) and leaves those sends out;
 * - locks each conversation of the batch in id order and moves `last_seq` by its number
 *   of new messages, so every message gets its own gapless seq in commit order;
 * - inserts all new messages in one multi-row INSERT, in send order within a conversation;
 * - moves each sender's read pointer to its last message. (A conversation a member hid
 *   comes back by itself: its `last_seq` is now above the member's `hidden_through_seq`.)
 * Conversations are found through their keys (`= any(array(…))`), each sender's membership
 * by its (conversation, user) pair and each sender's row by its key (a lateral lookup): the
 * planner cannot see how few rows the JSON holds and would otherwise scan those tables whole
 * on every batch. (The generic plan is made on the tables as they are when the statement
 * first runs and kept until one of them is analyzed: planned on a small `users`, a plain join
 * scanned every user on every batch; on a `conversations` of fewer than ~1,200 rows, only the
 * sessions' `random_page_cost` keeps the lookups by key, see db/raw-query.ts.)
 * Each send's promise settles only after that statement has committed. One batch is in
 * flight at a time, so sends keep their arrival order within a conversation; PGlite runs one
 * query at a time anyway. When a batch commits, the sends that arrived meanwhile go to the
 * database at once, and only then are the committed ones answered: the database works on the
 * next batch while this thread writes the replies of the last. A statement that fails
 * on a row of its own (not a conflict with another process) is retried one send at a time,
 * so one bad send fails alone.
 */
export class SendQueue {
  readonly #query: Database['commitQuery'];
  readonly #maxBatch: number;
  readonly #retries: number;
  #pending: Pending[] = [];
  #flushing = false;
  #idle: (() => void)[] = [];

  constructor(database: Pick<Database, 'commitQuery'>, options: SendQueueOptions = {}) {
    this.#query = database.commitQuery;
    this.#maxBatch = options.maxBatch ?? 1000;
    this.#retries = options.retries ?? 3;
  }

  /**
   * Resolves once the message is committed (or found stored under its tempId). The
   * conversation id is lower-cased: the database answers in lower case, and rows are
   * matched to their sends by it.
   */
  enqueue(send: QueuedSend): Promise<SendOutcome> {
    return new Promise((resolve, reject) => {
      // Written out rather than spread: V8 gives a spread object that then takes on the two
      // functions a map of its own each time, 2–3 µs a send where the literal takes 0.05.
      this.#pending.push({
        conversationId: send.conversationId.toLowerCase(),
        senderId: send.senderId,
        type: send.type,
        content: send.content,
        clientId: send.clientId,
        attachmentId: send.attachmentId,
        resolve,
        reject,
      });
      // Sends read from the network in this turn of the event loop join the first batch;
      // later ones wait for the next commit.
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Sends waiting or in flight. */
  get size(): number {
    return this.#pending.length;
  }

  /** Resolves when nothing is waiting or in flight. */
  idle(): Promise<void> {
    if (!this.#flushing) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(): Promise<void> {
    let inFlight: Promise<() => void> | null = this.#start();
    while (inFlight) {
      const settle = await inFlight;
      // The sends read while that batch was in the database go out at once, before its own
      // sends are settled: the database commits them while this thread writes the replies.
      inFlight = this.#pending.length > 0 ? this.#start() : null;
      settle();
      if (!inFlight) {
        // Let the sockets ready in this turn be read before deciding there is nothing left.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.#pending.length > 0) inFlight = this.#start();
      }
    }
    this.#flushing = false;
    this.#idle.splice(0).forEach((r) => r());
  }

  /**
   * Sends the next batch to the database; resolves, once it has committed, to the step that
   * settles its sends. One batch is in the database at a time.
   */
  async #start(): Promise<() => void> {
    const batch = this.#pending.splice(0, this.#maxBatch);
    // A tempId sent twice in one batch: the first stands for both, the others replay it.
    const firstByKey = new Map<string, Pending>();
    const followers: [Pending, Pending][] = [];
    const unique: Pending[] = [];
    for (const send of batch) {
      const key = send.clientId === null ? null : `${send.senderId}\u0000${send.clientId}`;
      const first = key === null ? undefined : firstByKey.get(key);
      if (first) followers.push([send, first]);
      else {
        if (key !== null) firstByKey.set(key, send);
        unique.push(send);
      }
    }
    const outcomes = await this.#run(unique);
    return () => {
      unique.forEach((send, i) => {
        const outcome = outcomes[i]!;
        if (outcome instanceof Error || !('row' in outcome)) send.reject(outcome);
        else settle(send, outcome);
      });
      for (const [send, first] of followers) {
        const outcome = outcomes[unique.indexOf(first)]!;
        if (outcome instanceof Error || !('row' in outcome)) send.reject(outcome);
        else settle(send, { created: false, row: outcome.row });
      }
    };
  }

  /** Commits `sends` (no tempId twice); one outcome or error per send, in order. */
  async #run(sends: Pending[]): Promise<(SendOutcome | Error)[]> {
    for (let attempt = 0; ; attempt++) {
      let committed: { rows: ResultRow[]; now: Date };
      try {
        committed = await this.#statement(sends);
      } catch (e) {
        // Another process stored the same tempId or locked in the other order: run again,
        // and the stored row is then found as a replay.
        if ((isUniqueViolation(e) || pgErrorCode(e) === '40P01') && attempt < this.#retries) continue;
        if (sends.length > 1) {
          const one: (SendOutcome | Error)[] = [];
          for (const send of sends) one.push(...(await this.#run([send])));
          return one;
        }
        // The sender's row is gone (foreign key): the account no longer exists.
        if (pgErrorCode(e) === '23503') return [new AppError('unauthorized', 'This account no longer exists')];
        return [e instanceof Error ? e : new Error(String(e))];
      }
      // Committed: whatever happens now must not run the batch again.
      try {
        return outcomes(sends, committed.rows, committed.now);
      } catch (e) {
        const error = e instanceof Error ? e : new Error(String(e));
        return sends.map(() => error);
      }
    }
  }

  /** Runs the batch's statement; its rows, with the commit time they were stored under. */
  async #statement(sends: Pending[]): Promise<{ rows: ResultRow[]; now: Date }> {
    const now = new Date();
    const input = JSON.stringify(
      sends.map((s, ord) => ({
        ord,
        conversation_id: s.conversationId,
        sender_id: s.senderId,
        client_id: s.clientId,
        type: s.type,
        content: s.content,
        attachment_id: s.attachmentId,
      })),
    );
    return { rows: await this.#query<ResultRow>(APPEND_BATCH_SQL, [input, now.toISOString()]), now };
  }
}

/** Each send's outcome from the committed rows of its batch. */
function outcomes(sends: Pending[], rows: ResultRow[], now: Date): SendOutcome[] {
  const replays = new Map<number, MessageRow>();
  const inserted = new Map<string, ResultRow[]>();
  for (const r of rows) {
    if (r.ord !== null && r.ord !== undefined) replays.set(Number(r.ord), toRow(r));
    else {
      const list = inserted.get(r.conversation_id) ?? [];
      list.push(r);
      inserted.set(r.conversation_id, list);
    }
  }
  // New rows of a conversation, in seq order, belong to its new sends in send order. The
  // database returns only what it decided (id, seq); the rest is the send itself.
  for (const list of inserted.values()) list.sort((a, b) => a.seq - b.seq);
  const cursor = new Map<string, number>();
  return sends.map((send, ord) => {
    const replay = replays.get(ord);
    if (replay) return { created: false, row: replay };
    const i = cursor.get(send.conversationId) ?? 0;
    cursor.set(send.conversationId, i + 1);
    const r = inserted.get(send.conversationId)?.[i];
    if (!r) throw new Error(`message of ${send.senderId} in ${send.conversationId} was not stored`);
    const row: MessageRow = {
      id: Number(r.id),
      conversationId: send.conversationId,
      seq: Number(r.seq),
      senderId: send.senderId,
      clientId: send.clientId,
      type: send.type,
      content: send.content,
      attachmentId: send.attachmentId,
      createdAt: now,
      editedAt: null,
      deletedAt: null,
    };
    return {
      created: true,
      row,
      sender: { id: send.senderId, name: r.sender_name!, role: r.sender_role!, handle: r.sender_handle!, avatarUrl: r.sender_avatar_url ?? null, bio: r.sender_bio ?? null },
    };
  });
}

function settle(send: Pending, outcome: SendOutcome) {
  if (!outcome.created && outcome.row.conversationId !== send.conversationId) {
    send.reject(new AppError('conflict', 'This tempId was already used for a message in another conversation'));
  } else send.resolve(outcome);
}

/** Replays carry the stored row; new rows only id, conversation_id, seq and the sender's fields (the other columns are null). */
type ResultRow = {
  ord: number | string | null;
  id: number | string | bigint;
  conversation_id: string;
  seq: number;
  sender_id: string | null;
  client_id: string | null;
  type: MessageType | null;
  content: string | null;
  attachment_id: string | null;
  created_at: Date | string | null;
  edited_at: Date | string | null;
  deleted_at: Date | string | null;
  sender_name: string | null;
  sender_role: 'brand' | 'influencer' | null;
  sender_handle: string | null;
  sender_avatar_url: string | null;
  sender_bio: string | null;
};

const date = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

/** A replayed (already stored) row. */
function toRow(r: ResultRow): MessageRow {
  return {
    id: Number(r.id),
    conversationId: r.conversation_id,
    seq: Number(r.seq),
    senderId: r.sender_id!,
    clientId: r.client_id,
    type: r.type!,
    content: r.content!,
    attachmentId: r.attachment_id,
    createdAt: date(r.created_at)!,
    editedAt: date(r.edited_at),
    deletedAt: date(r.deleted_at),
  };
}

/**
 * $1: JSON array of { ord, conversation_id, sender_id, client_id, type, content,
 * attachment_id }; $2: the commit's timestamp. Returns the replayed rows (with their ord)
 * and, for the inserted rows (ord null), only id, conversation_id, seq and the sender's
 * public fields: echoing back what the server just sent would only cost parsing.
 */
export const APPEND_BATCH_SQL = `
with v0 as (
  select * from json_to_recordset($1::text::json)
    as v(ord int, conversation_id uuid, sender_id uuid, client_id text, type text, content text, attachment_id uuid)
),
old as (
  select v0.ord, m.* from v0
  cross join lateral (select * from messages m where m.sender_id = v0.sender_id and m.client_id = v0.client_id limit 1) m
),
v as (
  select v0.*, row_number() over (partition by v0.conversation_id order by v0.ord)::int as idx
  from v0 where v0.ord not in (select ord from old)
),
k as (select conversation_id, count(*)::int as n from v group by conversation_id),
locked as (select c.id from conversations c where c.id = any(array(select conversation_id from k)) order by c.id for update),
bumped as (
  update conversations c set last_seq = c.last_seq + k.n, last_message_at = $2::timestamptz, updated_at = $2::timestamptz
  from k where c.id = k.conversation_id and c.id = any(array(select id from locked))
  returning c.id, c.last_seq - k.n as base
),
ins as (
  insert into messages (conversation_id, seq, sender_id, client_id, type, content, attachment_id, created_at)
  select v.conversation_id, b.base + v.idx, v.sender_id, v.client_id, v.type, v.content, v.attachment_id, $2::timestamptz
  from v join bumped b on b.id = v.conversation_id
  order by v.conversation_id, v.idx
  returning id, conversation_id, seq, sender_id
),
s as (select conversation_id, sender_id, max(seq) as seq from ins group by conversation_id, sender_id),
mem as (
  update conversation_members m set last_read_seq = greatest(m.last_read_seq, s.seq)
  from s where m.conversation_id = s.conversation_id and m.user_id = s.sender_id
  returning 1
)
select null::int as ord, i.id, i.conversation_id, i.seq, null::uuid as sender_id, null::text as client_id, null::text as type,
       null::text as content, null::uuid as attachment_id, null::timestamptz as created_at, null::timestamptz as edited_at,
       null::timestamptz as deleted_at,
       u.name as sender_name, u.role as sender_role, u.handle as sender_handle, u.avatar_url as sender_avatar_url, u.bio as sender_bio
from ins i cross join lateral (select name, role, handle, avatar_url, bio from users u where u.id = i.sender_id limit 1) u
union all
select o.ord, o.id, o.conversation_id, o.seq, o.sender_id, o.client_id, o.type, o.content, o.attachment_id,
       o.created_at, o.edited_at, o.deleted_at, null, null, null, null, null
from old o`;
