/**
 * The group commit's statement (lib/chat/send-queue.ts) on its own connection against the
 * same statement lent out by a pool of ten in turn, as it ran before: batches of `batch`
 * messages, one at a time, interleaved in rounds so both see the same host. Reports the
 * database backends' CPU per batch (from /proc) and the round trip. Postgres only.
 * Usage: npx tsx bench/commit-connection.ts [batch] [rounds]   (BENCH_PG_URL)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { postgresClient, withDatabase } from '../db/postgres-url';
import { openDatabase } from '../db';
import type { RawQuery } from '../db/raw-query';
import { APPEND_BATCH_SQL } from '../lib/chat/send-queue';
import { backendsOf, cpuMeter } from './proc-stats';
import { seedHistory, seedLoadUsers } from './seed';

const BATCHES_PER_ROUND = 1000;
const POOL = 10;

async function main() {
  const batch = Number(process.argv[2] ?? 1);
  const rounds = Number(process.argv[3] ?? 6);
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `collabwire_commit_${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'collabwire-commit-'));
  const admin = postgresClient(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${dbName}`);
  const database = await openDatabase({ url: withDatabase(adminUrl, dbName), dataDir, max: POOL });
  try {
    const { pairs } = await seedLoadUsers(database.db, 'x'.repeat(32), 500, 0);
    // A stored history, so the planner sees tables of a realistic size.
    await seedHistory(database.db, 'x'.repeat(32), 200_000, 1000, 20);
    // Every connection of the pool open, as in a server that has served reads.
    await Promise.all(Array.from({ length: POOL }, () => database.query('select pg_sleep(0.05)', [])));
    let n = 0;
    const run = async (query: RawQuery, count: number) => {
      for (let i = 0; i < count; i++) {
        const sends = Array.from({ length: batch }, (_, ord) => {
          const pair = pairs[n++ % pairs.length]!;
          return { ord, conversation_id: pair.conversationId, sender_id: pair.brand.id, client_id: `c${n}`, type: 'text', content: `message ${n}`, attachment_id: null };
        });
        await query(APPEND_BATCH_SQL, [JSON.stringify(sends), new Date().toISOString()]);
      }
    };
    const ways = { 'own connection': database.commitQuery, [`pool of ${POOL} in turn`]: database.query };
    for (const query of Object.values(ways)) await run(query, 200);
    const backends = backendsOf(dbName);
    const figures = Object.fromEntries(Object.keys(ways).map((k) => [k, { cpuUs: [] as number[], ms: [] as number[] }]));
    for (let r = 0; r < rounds; r++) {
      for (const [label, query] of Object.entries(ways)) {
        const cpu = cpuMeter(backends);
        const t0 = performance.now();
        await run(query, BATCHES_PER_ROUND);
        figures[label]!.ms.push((performance.now() - t0) / BATCHES_PER_ROUND);
        figures[label]!.cpuUs.push((cpu() * 1e6) / BATCHES_PER_ROUND);
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    console.log(`batches of ${batch}, ${rounds} rounds of ${BATCHES_PER_ROUND} each way, ${backends.length} backends`);
    for (const [label, f] of Object.entries(figures)) {
      console.log(`${label.padEnd(22)} database CPU ${median(f.cpuUs).toFixed(0)} µs a batch (${f.cpuUs.map((x) => x.toFixed(0)).join(' ')}), round trip ${median(f.ms).toFixed(2)} ms`);
    }
  } finally {
    await database.close();
    await admin.unsafe(`drop database if exists ${dbName} with (force)`);
    await admin.end();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
