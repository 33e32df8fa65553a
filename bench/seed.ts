import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../db';
import { conversationMembers, conversations, users } from '../db/schema';
import { mintToken } from '../lib/auth/tokens';

export type SeededUser = { id: string; role: 'brand' | 'influencer'; token: string };
export type SeededPair = { conversationId: string; brand: SeededUser; influencer: SeededUser };

const CHUNK = 500;

async function insertUsers(db: Db, prefix: string, roles: ('brand' | 'influencer')[], secret: string): Promise<SeededUser[]> {
  const rows = roles.map((role, i) => ({
    id: randomUUID(),
    email: `${prefix}-${i}@bench.collabwire.dev`,
    // Nobody signs in with a password here: the load uses minted API tokens.
    passwordHash: 'bench-no-password',
    name: `${role === 'brand' ? 'Brand' : 'Creator'} ${i}`,
    role,
    handle: `${prefix}${i}`,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await db.insert(users).values(rows.slice(i, i + CHUNK));
  return Promise.all(
    rows.map(async (r) => ({ id: r.id, role: r.role, token: (await mintToken({ userId: r.id, role: r.role, name: r.name, generation: 0 }, secret)).token })),
  );
}

async function insertConversations(db: Db, pairs: [SeededUser, SeededUser][]): Promise<string[]> {
  const rows = pairs.map(([brand, influencer]) => ({ id: randomUUID(), brandId: brand.id, influencerId: influencer.id }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    await db.insert(conversations).values(chunk);
    await db
      .insert(conversationMembers)
      .values(chunk.flatMap((c) => [{ conversationId: c.id, userId: c.brandId }, { conversationId: c.id, userId: c.influencerId }]));
  }
  return rows.map((r) => r.id);
}

/**
 * Load users, written straight into the database (faster than the REST sign-up, which
 * hashes passwords): `pairs` brand/influencer pairs, each in its own conversation, plus
 * enough extra users for `sockets` idle connections of distinct users.
 */
export async function seedLoadUsers(db: Db, secret: string, pairCount: number, sockets: number) {
  const count = Math.max(pairCount * 2, sockets);
  const roles = Array.from({ length: count }, (_, i): 'brand' | 'influencer' => (i % 2 === 0 ? 'brand' : 'influencer'));
  const seeded = await insertUsers(db, 'load', roles, secret);
  const pairUsers = Array.from({ length: pairCount }, (_, i) => [seeded[2 * i]!, seeded[2 * i + 1]!] as [SeededUser, SeededUser]);
  const ids = await insertConversations(db, pairUsers);
  const pairs: SeededPair[] = pairUsers.map(([brand, influencer], i) => ({ conversationId: ids[i]!, brand, influencer }));
  return { users: seeded, pairs };
}

/**
 * History: one brand with `conversationCount` conversations holding `totalMessages`
 * messages in all, most of them in the first conversation (for a deep beforeSeq page),
 * `perConversation` in each of the others. Generated in SQL with generate_series.
 */
export async function seedHistory(db: Db, secret: string, totalMessages: number, conversationCount: number, perConversation: number) {
  const [brand, ...influencers] = await insertUsers(db, 'hist', ['brand', ...Array.from({ length: conversationCount }, () => 'influencer' as const)], secret);
  const ids = await insertConversations(db, influencers.map((i) => [brand!, i] as [SeededUser, SeededUser]));
  const big = ids[0]!;
  const bigCount = totalMessages - perConversation * (conversationCount - 1);
  await db.execute(sql`
    insert into messages (conversation_id, seq, sender_id, type, content, created_at)
    select ${big}::uuid, g, case when g % 2 = 0 then ${brand!.id}::uuid else ${influencers[0]!.id}::uuid end, 'text',
           'history message number ' || g, now() - make_interval(secs => ${bigCount} - g)
    from generate_series(1, ${bigCount}) g`);
  await db.execute(sql`
    insert into messages (conversation_id, seq, sender_id, type, content, created_at)
    select c.id, g, case when g % 2 = 0 then c.brand_id else c.influencer_id end, 'text',
           'history message number ' || g, now() - make_interval(secs => ${perConversation} - g + (row_number() over ()) % 1000)
    from conversations c cross join generate_series(1, ${perConversation}) g
    where c.brand_id = ${brand!.id}::uuid and c.id <> ${big}::uuid`);
  await db.execute(sql`
    update conversations c set last_seq = m.n, last_message_at = m.at, updated_at = m.at
    from (select conversation_id, max(seq) n, max(created_at) at from messages group by conversation_id) m
    where m.conversation_id = c.id and c.brand_id = ${brand!.id}::uuid`);
  // Done now, within the seeding's time, rather than by autovacuum in the middle of the
  // measurements: visibility and hint bits of a million fresh rows, the full-text index's
  // pending entries, planner statistics (on PGlite its thread would otherwise analyze the
  // seeded users at the server's first look, in the middle of the idle-memory reading).
  await db.execute(sql`vacuum (analyze) users`);
  await db.execute(sql`vacuum (analyze) messages`);
  await db.execute(sql`vacuum (analyze) conversations`);
  await db.execute(sql`vacuum (analyze) conversation_members`);
  await db.execute(sql`checkpoint`);
  return { brand: brand!, conversationId: big, bigCount };
}
