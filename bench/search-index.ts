/**
 * What the full-text index costs a send: multi-row inserts (16 rows, as a group commit
 * makes them) into a table with the messages' GIN expression index, for each way of
 * maintaining it, with no index as the floor. Per row time and the latency of a batch,
 * whose tail shows the merges of a pending list.
 * Usage: npx tsx bench/search-index.ts pglite|postgres [batches]   (postgres: BENCH_PG_URL)
 */
import { PGlite } from '@electric-sql/pglite';
import { postgresClient, withDatabase } from '../db/postgres-url';

const VARIANTS: Record<string, string | null> = {
  'no index': null,
  'in place (fastupdate off)': 'with (fastupdate = off)',
  'pending list 64 kB (in use)': 'with (fastupdate = on, gin_pending_list_limit = 64)',
  'pending list 256 kB': 'with (fastupdate = on, gin_pending_list_limit = 256)',
  'pending list 4 MB (default)': 'with (fastupdate = on)',
};
const WORDS = 'hello world quick brown fox jumps over lazy dog campaign reel story brief budget deadline launch photo video'.split(' ');
const ROWS_PER_BATCH = 16;

type Exec = { run(sql: string): Promise<unknown>; close(): Promise<void> };

async function openPglite(): Promise<Exec> {
  const db = new PGlite();
  return { run: (sql) => db.exec(sql), close: () => db.close() };
}

async function openPostgres(adminUrl: string, name: string): Promise<Exec> {
  const admin = postgresClient(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const sql = postgresClient(withDatabase(adminUrl, name), { max: 1, onnotice: () => {} });
  return {
    run: (text) => sql.unsafe(text),
    close: async () => {
      await sql.end({ timeout: 5 });
      await admin.unsafe(`drop database ${name}`);
      await admin.end({ timeout: 5 });
    },
  };
}

async function main() {
  const driver = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
  const batches = Number(process.argv[3] ?? 5000);
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  console.log(`${driver}: ${batches} inserts of ${ROWS_PER_BATCH} rows per variant`);
  for (const [label, options] of Object.entries(VARIANTS)) {
    const db = driver === 'postgres' ? await openPostgres(adminUrl, `collabwire_search_index_${Date.now().toString(36)}`) : await openPglite();
    try {
      await db.run('create table m (id bigserial primary key, conversation int, seq int, content text)');
      if (options) await db.run(`create index m_search on m using gin (to_tsvector('simple', content)) ${options}`);
      const latencies: number[] = [];
      let seq = 0;
      const started = performance.now();
      for (let b = 0; b < batches; b++) {
        const rows: string[] = [];
        for (let i = 0; i < ROWS_PER_BATCH; i++) {
          seq++;
          rows.push(`(${seq % 200}, ${seq}, 'load message ${seq} ${WORDS[seq % WORDS.length]} ${WORDS[(seq * 7) % WORDS.length]} at ${Date.now()}')`);
        }
        const t0 = performance.now();
        await db.run(`insert into m (conversation, seq, content) values ${rows.join(',')}`);
        latencies.push(performance.now() - t0);
      }
      const total = performance.now() - started;
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(2);
      console.log(
        `${label.padEnd(28)} ${((total * 1000) / seq).toFixed(1).padStart(6)} µs per row; batch p50 ${at(0.5)} p99 ${at(0.99)} p99.9 ${at(0.999)} max ${at(1)} ms`,
      );
    } finally {
      await db.close();
    }
  }
}

void main();
