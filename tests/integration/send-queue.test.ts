import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationMembers, conversations, messages, users } from '@/db/schema';
import { countUnread } from '@/lib/chat/count-unread';
import { hideConversation } from '@/lib/chat/hide-conversation';
import { readHistoryPage, readInbox } from '@/lib/chat/hot-reads';
import { sendMessage, type SentMessage } from '@/lib/chat/send-message';
import { APPEND_BATCH_SQL, SendQueue, type SendOutcome } from '@/lib/chat/send-queue';
import type { RawParam } from '@/db/raw-query';
import { startTestServer, type TestServer } from '../helpers/test-server';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

type Member = { id: string };

/** `count` conversations of one brand with one influencer each, written straight to the database. */
async function conversationsOfOneBrand(count: number) {
  const db = server.app.services.db;
  const tag = randomUUID().slice(0, 8);
  const brand: Member = { id: randomUUID() };
  const influencers: Member[] = Array.from({ length: count }, () => ({ id: randomUUID() }));
  await db.insert(users).values([
    { id: brand.id, email: `b-${tag}@queue.test`, passwordHash: 'x', name: 'Brand', role: 'brand', handle: `qb${tag}` },
    ...influencers.map((u, i) => ({ id: u.id, email: `i${i}-${tag}@queue.test`, passwordHash: 'x', name: `Creator ${i}`, role: 'influencer' as const, handle: `qi${i}${tag}` })),
  ]);
  const ids = influencers.map(() => randomUUID());
  await db.insert(conversations).values(influencers.map((u, i) => ({ id: ids[i]!, brandId: brand.id, influencerId: u.id })));
  await db.insert(conversationMembers).values(ids.flatMap((id, i) => [{ conversationId: id, userId: brand.id }, { conversationId: id, userId: influencers[i]!.id }]));
  return { brand, influencers, ids };
}

const storedWithTempId = async (senderId: string, tempId: string) =>
  server.app.services.db.select({ id: messages.id }).from(messages).where(and(eq(messages.senderId, senderId), eq(messages.clientId, tempId)));

describe('[CHAT] group commit of sends', () => {
  it('gives 200 concurrent sends across 10 conversations gapless seqs, one row per tempId, and answers each only after its commit', async () => {
    const { brand, influencers, ids } = await conversationsOfOneBrand(10);
    const services = server.app.services;
    const visibleAtAnswer: Promise<number>[] = [];
    const sends = Array.from({ length: 200 }, (_, i) => {
      const c = i % 10;
      const senderId = i % 3 === 0 ? influencers[c]!.id : brand.id;
      const tempId = `q-${i}`;
      return sendMessage(services, senderId, { conversationId: ids[c]!, content: `message ${i}`, tempId }).then((sent) => {
        // Read at once, from whichever connection the pool hands out: only committed rows show.
        visibleAtAnswer.push(storedWithTempId(senderId, tempId).then((rows) => rows.length));
        return sent;
      });
    });
    const sent = await Promise.all(sends);
    expect(await Promise.all(visibleAtAnswer)).toEqual(Array(200).fill(1));
    expect(sent.every((s) => s.created)).toBe(true);

    for (const id of ids) {
      const rows = await services.db.select().from(messages).where(eq(messages.conversationId, id)).orderBy(asc(messages.seq));
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      // A higher seq always has a higher id, and a sender's sends keep their order.
      expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort((a, b) => a - b));
      const mine = rows.filter((r) => r.senderId === brand.id).map((r) => Number(r.clientId!.slice(2)));
      expect(mine).toEqual([...mine].sort((a, b) => a - b));
      const [conversation] = await services.db.select().from(conversations).where(eq(conversations.id, id));
      expect(conversation!.lastSeq).toBe(20);
      // Each sender has read up to its own last message.
      const members = await services.db.select().from(conversationMembers).where(eq(conversationMembers.conversationId, id));
      for (const m of members) {
        const last = rows.filter((r) => r.senderId === m.userId).at(-1)!;
        expect(m.lastReadSeq).toBe(last.seq);
      }
      expect(sent.filter((s) => s.message.conversationId === id).map((s) => s.message.seq).sort((a, b) => a - b)).toEqual(rows.map((r) => r.seq));
    }
    const all = await services.db.select({ id: messages.id }).from(messages).where(inArray(messages.conversationId, ids));
    expect(all).toHaveLength(200);
  });

  it('sends the next batch to the database before answering the sends of the one just committed, and keeps their order', async () => {
    const { brand, ids } = await conversationsOfOneBrand(1);
    const database = server.app.services.database;
    const events: string[] = [];
    let statements = 0;
    let second: Promise<SendOutcome> | undefined;
    const queue = new SendQueue({
      commitQuery: <T extends Record<string, unknown>>(text: string, params: RawParam[]) => {
        const n = ++statements;
        events.push(`statement ${n} sent`);
        const result = database.commitQuery<T>(text, params);
        // A send that arrives while the first batch is in the database waits for the next one.
        if (n === 1) second = queue.enqueue(send('second'));
        return result;
      },
    });
    const send = (content: string) => ({ conversationId: ids[0]!, senderId: brand.id, type: 'text' as const, content, clientId: null, attachmentId: null });
    const first = queue.enqueue(send('first')).then((outcome) => (events.push('first answered'), outcome));
    const firstOutcome = await first;
    const secondOutcome = await second!;
    await queue.idle();
    expect(events).toEqual(['statement 1 sent', 'statement 2 sent', 'first answered']);
    expect([firstOutcome, secondOutcome].map((o) => (o.created ? o.row.seq : null))).toEqual([1, 2]);
  });

  it('replays a tempId sent again (also twice in one batch) and refuses it in another conversation, without disturbing the batch', async () => {
    const { brand, influencers, ids } = await conversationsOfOneBrand(3);
    const services = server.app.services;
    const first = await sendMessage(services, brand.id, { conversationId: ids[0]!, content: 'hello', tempId: 'r-1' });
    expect(first.created).toBe(true);

    const settled = await Promise.allSettled([
      sendMessage(services, brand.id, { conversationId: ids[0]!, content: 'hello again', tempId: 'r-1' }),
      sendMessage(services, brand.id, { conversationId: ids[1]!, content: 'elsewhere', tempId: 'r-1' }),
      sendMessage(services, brand.id, { conversationId: ids[1]!, content: 'new', tempId: 'r-2' }),
      sendMessage(services, brand.id, { conversationId: ids[1]!, content: 'new twice', tempId: 'r-2' }),
      sendMessage(services, influencers[2]!.id, { conversationId: ids[2]!, content: 'no tempId' }),
      sendMessage(services, influencers[2]!.id, { conversationId: ids[2]!, content: 'no tempId either' }),
    ]);
    const value = (i: number) => (settled[i] as PromiseFulfilledResult<SentMessage>).value;
    expect(value(0)).toMatchObject({ created: false, message: { id: first.message.id, seq: 1, content: 'hello', tempId: 'r-1' } });
    expect(settled[1]).toMatchObject({ status: 'rejected', reason: { code: 'conflict' } });
    expect(value(2)).toMatchObject({ created: true, message: { seq: 1, content: 'new', tempId: 'r-2' } });
    expect(value(3)).toMatchObject({ created: false, message: { id: value(2).message.id, content: 'new' } });
    expect([value(4).message.seq, value(5).message.seq]).toEqual([1, 2]);

    const rows = await services.db.select().from(messages).where(inArray(messages.conversationId, ids));
    const order: string[] = ids;
    rows.sort((x, y) => order.indexOf(x.conversationId) - order.indexOf(y.conversationId) || x.seq - y.seq);
    expect(rows.map((r) => [r.conversationId, r.seq, r.clientId])).toEqual([
      [ids[0], 1, 'r-1'],
      [ids[1], 1, 'r-2'],
      [ids[2], 1, null],
      [ids[2], 2, null],
    ]);
  });

  it('stores a send that names its conversation in upper case once, beside the others of its batch', async () => {
    const { brand, ids } = await conversationsOfOneBrand(1);
    const services = server.app.services;
    const [plain, upper] = await Promise.all([
      sendMessage(services, brand.id, { conversationId: ids[0]!, content: 'first' }),
      sendMessage(services, brand.id, { conversationId: ids[0]!.toUpperCase(), content: 'second' }),
    ]);
    expect([plain.created, upper.created]).toEqual([true, true]);
    // Which of the two reaches the queue first is up to the event loop; the seqs are gapless either way.
    expect([plain.message.seq, upper.message.seq].sort()).toEqual([1, 2]);
    expect(upper.message.conversationId).toBe(ids[0]);
    const rows = await services.db.select().from(messages).where(inArray(messages.conversationId, ids));
    expect(rows.map((r) => `${r.seq}:${r.content}`).sort()).toEqual(
      [`${plain.message.seq}:first`, `${upper.message.seq}:second`].sort(),
    );
  });

  it('brings a conversation the recipient had hidden back and refuses a stranger', async () => {
    const { brand, influencers, ids } = await conversationsOfOneBrand(1);
    const services = server.app.services;
    await sendMessage(services, brand.id, { conversationId: ids[0]!, content: 'before' });
    expect(await hideConversation(services.db, influencers[0]!.id, ids[0]!)).toEqual({ lastSeq: 1 });
    const listed = async () => (JSON.parse(await readInbox(services.database.query, influencers[0]!.id)) as { conversations: { id: string }[] }).conversations.map((c) => c.id);
    expect(await listed()).toEqual([]);
    expect(await countUnread(services.db, influencers[0]!.id)).toEqual({ total: 0, byConversation: {} });
    await sendMessage(services, brand.id, { conversationId: ids[0]!, content: 'still there?' });
    expect(await listed()).toEqual([ids[0]]);
    expect(await countUnread(services.db, influencers[0]!.id)).toEqual({ total: 2, byConversation: { [ids[0]!]: 2 } });
    const other = await conversationsOfOneBrand(1);
    await expect(sendMessage(services, other.brand.id, { conversationId: ids[0]!, content: 'hi' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('runs the hot statements on the plan made when they were prepared, never planned anew per call', async () => {
    const { brand, influencers, ids } = await conversationsOfOneBrand(2);
    const services = server.app.services;
    // Past the five calls after which Postgres, left to itself, weighs a generic plan.
    for (let i = 0; i < 8; i++) {
      await sendMessage(services, i % 2 ? brand.id : influencers[0]!.id, { conversationId: ids[0]!, content: `plan ${i}` });
      await readHistoryPage(services.database.query, brand.id, ids[0]!, { limit: 50 });
      await readInbox(services.database.query, brand.id, { limit: 50 });
    }
    // Whichever session of the pool answers: its prepared statements, this one included.
    const [row] = await services.database.query<{ mode: string; custom: number; generic: number }>(
      `select current_setting('plan_cache_mode') as mode, coalesce(sum(custom_plans), 0)::int as custom, coalesce(sum(generic_plans), 0)::int as generic
       from pg_prepared_statements`,
      [],
    );
    expect(row).toMatchObject({ mode: 'force_generic_plan', custom: 0 });
    expect(row!.generic).toBeGreaterThan(0);
    // The group commit's session (its own on Postgres) and its batch statement alike.
    const [commit] = await services.database.commitQuery<{ mode: string; custom: number; generic: number }>(
      `select current_setting('plan_cache_mode') as mode, coalesce(sum(custom_plans), 0)::int as custom, coalesce(sum(generic_plans), 0)::int as generic
       from pg_prepared_statements where statement like '%json_to_recordset%' and statement not like '%pg_prepared_statements%'`,
      [],
    );
    expect(commit).toMatchObject({ mode: 'force_generic_plan', custom: 0 });
    expect(commit!.generic).toBeGreaterThanOrEqual(8);
  });

  /** The generic plan of the group commit's statement, as its session keeps it, for one send; EXPLAIN does not run it. */
  async function batchPlan(conversationId: string, senderId: string): Promise<string> {
    const batch = JSON.stringify([{ ord: 0, conversation_id: conversationId, sender_id: senderId, client_id: null, type: 'text', content: 'plan', attachment_id: null }]);
    return server.app.services.db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local plan_cache_mode = force_generic_plan`));
      await tx.execute(sql.raw(`prepare batch_plan(text, text) as ${APPEND_BATCH_SQL}`));
      try {
        const rows = await tx.execute(sql.raw(`explain (costs off) execute batch_plan('${batch}', '${new Date().toISOString()}')`));
        const lines = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as Record<string, string>[];
        return lines.map((r) => Object.values(r)[0]).join('\n');
      } finally {
        await tx.execute(sql.raw('deallocate batch_plan'));
      }
    });
  }

  it('reaches the sender of each message in a batch through its key, whatever the size of the users table', async () => {
    const { brand, ids } = await conversationsOfOneBrand(1);
    const plan = await batchPlan(ids[0]!, brand.id);
    expect(plan).toMatch(/Index Scan using users_pkey on users/);
    expect(plan).not.toMatch(/Seq Scan on users/);
  });

  it("moves the sender's read pointer through its membership of that conversation alone, however many conversations it is in", async () => {
    const { brand, ids } = await conversationsOfOneBrand(3);
    const plan = await batchPlan(ids[0]!, brand.id);
    // The update of conversation_members: one index lookup on the (conversation, user) pair,
    // not all the brand's memberships filtered down to one, and no pass over the batch's
    // senders for each member row.
    const update = plan.slice(plan.indexOf('Update on conversation_members')).split(/\n  ->/)[0]!;
    const scan = update.slice(update.search(/Index (Only )?Scan using conversation_members_\w+ on conversation_members/)).split('\n');
    expect(scan[0]).toMatch(/Index (Only )?Scan using conversation_members_(conversation_id_user_id_pk|user_idx)/);
    expect(scan[1]).toMatch(/Index Cond: .*user_id = .* AND .*conversation_id = |Index Cond: .*conversation_id = .* AND .*user_id = /);
    expect(scan[2] ?? '').not.toMatch(/Filter/);
    expect(update).not.toMatch(/SubPlan/);
  });

  it('locks and moves the conversations of a batch by key, not by reading the whole table, with a few hundred stored', async () => {
    // Few rows, freshly analyzed: with a page read out of order priced as a disk seek, the
    // generic plan read every conversation, twice a batch, up to ~1,200 of them.
    const { brand, ids } = await conversationsOfOneBrand(500);
    await server.app.services.db.execute(sql.raw('analyze conversations'));
    const plan = await batchPlan(ids[0]!, brand.id);
    expect(plan).not.toMatch(/Seq Scan on conversations/);
    expect(plan.match(/Index Scan (using|on) conversations_pkey/g)).toHaveLength(2);
  });

  it.skipIf(process.env.TEST_DB !== 'postgres')('runs every batch on one connection of its own, never on the pool of the reads', async () => {
    const { brand, influencers, ids } = await conversationsOfOneBrand(4);
    const services = server.app.services;
    // Reads and sends at once: the pool opens several sessions meanwhile.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? sendMessage(services, brand.id, { conversationId: ids[i % 4]!, content: `own connection ${i}` })
          : readHistoryPage(services.database.query, influencers[i % 4]!.id, ids[i % 4]!, { limit: 50 }),
      ),
    );
    // Each session of this server and the last statement it ran.
    const sessionsNow = () =>
      services.database.query<{ application_name: string; query: string }>(
        `select application_name, query from pg_stat_activity where datname = current_database() and application_name like 'collabwire%'`,
        [],
      );
    const sessions = await sessionsNow();
    const commit = sessions.filter((s) => s.application_name === 'collabwire-commit');
    expect(commit).toHaveLength(1);
    expect(commit[0]!.query).toContain('json_to_recordset');
    expect(sessions.filter((s) => s.application_name === 'collabwire' && s.query.includes('json_to_recordset'))).toEqual([]);

    // The health check reaches that connection too: sends depend on it.
    await services.database.ping();
    expect((await sessionsNow()).filter((s) => s.application_name === 'collabwire-commit').map((s) => s.query)).toEqual(['select 1']);
  });
});
