/**
 * History and inbox reads beneath HTTP: the prepared statements of lib/chat/hot-reads.ts
 * on the benchmark's seed, one call at a time (the Drizzle figures they replaced are in README).
 * Usage: npx tsx bench/reads.ts pglite|postgres [messages]   (postgres: BENCH_PG_URL)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { readHistoryPage, readInbox } from '../lib/chat/hot-reads';
import { seedHistory } from './seed';
import { postgresClient, withDatabase } from '../db/postgres-url';

async function time(label: string, iterations: number, fn: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
  console.log(`${label.padEnd(34)} p50 ${at(0.5)} p99 ${at(0.99)} ms`);
}

async function main() {
  const driver = process.argv[2] === 'postgres' ? 'postgres' : 'pglite';
  const total = Number(process.argv[3] ?? 1_000_000);
  const admin = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `collabwire_reads_${Date.now().toString(36)}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'collabwire-reads-'));
  const adminSql = postgresClient(admin, { max: 1, onnotice: () => {} });
  if (driver === 'postgres') await adminSql.unsafe(`create database ${dbName}`);
  const url = driver === 'postgres' ? withDatabase(admin, dbName) : undefined;
  const database = await openDatabase({ url, dataDir, max: 4 });
  try {
    const seeded = await seedHistory(database.db, 'x'.repeat(32), total, 1000, 100);
    const user = seeded.brand.id;
    const deep = Math.floor(seeded.bigCount / 2);
    const n = 200;
    await time('history latest, prepared + JSON', n, () => readHistoryPage(database.query, user, seeded.conversationId, { limit: 50 }));
    await time('history deep, prepared + JSON', n, () => readHistoryPage(database.query, user, seeded.conversationId, { limit: 50, beforeSeq: deep }));
    await time('inbox first page of 50, prepared', n, () => readInbox(database.query, user, { limit: 50 }));
    await time('inbox whole (1,000), prepared', 50, () => readInbox(database.query, user));
  } finally {
    await database.close();
    if (driver === 'postgres') await adminSql.unsafe(`drop database ${dbName}`);
    await adminSql.end({ timeout: 5 });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
