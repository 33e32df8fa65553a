/**
 * The benchmark: `npm run bench` (quick) or `npm run bench:full`. For the bare Socket.IO
 * relay, the persisting relay (the bare relay storing each message in Postgres first),
 * Collabwire on embedded PGlite and Collabwire on Postgres in turn: idle memory per socket,
 * history and inbox reads, and an upward sweep of offered message rates, all driven by
 * bench/load.ts in its own process. Writes bench/results/<date>-<mode>.json/.md (-1, -2, …
 * for later runs of the same day).
 *
 * Options: `--only=bare,persisting,pglite,postgres`, `--no-history`, `--rates=1000,2000`, `--step-ms=10000`
 * (each rate's duration), `--idle-sockets=10000`; BENCH_CPU_PROF=<dir>
 * writes CPU profiles of the servers, BENCH_NODE_FLAGS="--flag …" adds Node or V8 flags to
 * them, BENCH_SERVER_LOG=<file> keeps their output. BENCH_PG_URL is the Postgres
 * admin URL (default postgres://postgres@127.0.0.1:5432/postgres); a database is created
 * for the run and dropped after it.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../db';
import { postgresClient, withDatabase } from '../db/postgres-url';
import type { HistoryPlan, IdlePlan, LoadPair, Plan, StepResult, SweepPlan } from './load';
import { renderMarkdown } from './render-markdown';
import { seedHistory, seedLoadUsers } from './seed';
import { collectGarbage, cpuSeconds, rssBytes } from './proc-stats';
import { newSecret, spawnCollabwire, spawnReference, type Target } from './spawn-target';

// MiB, as the load generator's RSS figures.
const rssMb = (pid: number) => Math.round(rssBytes(pid) / 2 ** 20 * 100) / 100;

type Mode = 'quick' | 'full';
type TargetName = 'bare' | 'persisting' | 'pglite' | 'postgres';

const SETTINGS = {
  quick: {
    pairs: 100,
    rates: [1000, 2000, 5000, 10000, 20000],
    stepMs: 3000,
    drainMs: 1500,
    idleSockets: 2000,
    historyMessages: 200_000,
    historyIterations: 200,
    /** Each target's sweep stops here, whatever its rate; the other phases have limits of their own. */
    sweepBudgetMs: 45_000,
  },
  full: {
    pairs: 200,
    // 3,000 and 4,000 place where the databases saturate more finely than 2,000 → 5,000.
    rates: [500, 1000, 2000, 3000, 4000, 5000, 7500, 10000, 15000, 20000, 30000],
    stepMs: 10_000,
    drainMs: 3000,
    // Enough that the sockets' memory stands out of the heap's own ups and downs (±20 MB).
    idleSockets: 10_000,
    historyMessages: 1_000_000,
    historyIterations: 1000,
    sweepBudgetMs: 240_000,
  },
} as const;
const INBOX_CONVERSATIONS = 1000;
const MESSAGES_PER_SMALL_CONVERSATION = 100;

const log = (...args: unknown[]) => console.log(`[bench] ${args.join(' ')}`);

/**
 * Waits until the server is nearly idle (under 15% of a core over half a second), at most
 * `maxMs`: thousands of sockets that just disconnected leave presence writes behind (last seen,
 * offline notices), which on PGlite take seconds and would otherwise land in the sweep.
 */
async function quiesce(pid: number, maxMs = 60_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
    if ((cpuSeconds(pid) - before) / 0.5 < 0.15 || Date.now() - started > maxMs) return Date.now() - started;
  }
}

/**
 * Starts a phase from a collected heap: a full garbage collection in the server (SIGUSR2,
 * bench/gc-on-signal.mjs), then quiet. The history reads build megabytes per whole-inbox
 * answer; left in the heap (the server's RSS stood at 1.1 GB after them on Postgres), their
 * collection landed in the sweep's first steps, where the relay, which has no history phase,
 * pays nothing alike. Returns the server's RSS in MB before and after.
 */
async function collectBetweenPhases(pid: number): Promise<{ rssBeforeMb: number; rssAfterMb: number }> {
  const rssBeforeMb = rssMb(pid);
  await collectGarbage(pid);
  await quiesce(pid);
  return { rssBeforeMb, rssAfterMb: rssMb(pid) };
}

/** Runs the load generator in its own process and reads its result. */
async function runLoad<T>(plan: Plan): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'collabwire-load-'));
  const planPath = path.join(dir, 'plan.json');
  const resultPath = path.join(dir, 'result.json');
  writeFileSync(planPath, JSON.stringify(plan));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', planPath, resultPath], {
    cwd: process.cwd(),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    if (code !== 0) throw new Error(`load generator exited with ${code}`);
    return JSON.parse(readFileSync(resultPath, 'utf8')) as T;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function adminQuery(adminUrl: string, query: string): Promise<Record<string, unknown>[]> {
  const sql = postgresClient(adminUrl, { max: 1, onnotice: () => {} });
  try {
    return await sql.unsafe(query);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** Whether `dir` is on the disk of Postgres's data directory (null: not known from here). */
async function sameDeviceAsPostgres(adminUrl: string, dir: string): Promise<boolean | null> {
  try {
    const [row] = await adminQuery(adminUrl, 'show data_directory');
    return statSync(String(row!.data_directory)).dev === statSync(dir).dev;
  } catch {
    return null;
  }
}

type Settings = Omit<(typeof SETTINGS)[Mode], 'rates' | 'stepMs' | 'idleSockets'> & { rates: readonly number[]; stepMs: number; idleSockets: number; diskProbeDir: string };

async function benchBare(settings: Settings) {
  const relay = await spawnReference('bare-relay');
  try {
    const idle = await runLoad<unknown>({
      mode: 'idle',
      url: relay.url,
      serverPid: relay.pid,
      tokens: Array.from({ length: settings.idleSockets + 1 }, () => ''),
      settleMs: 2000,
      deadlineMs: Math.max(60_000, settings.idleSockets * 30),
    } satisfies IdlePlan);
    const beforeSweep = await collectBetweenPhases(relay.pid);
    return { idle, gcBeforeSweep: beforeSweep, sweep: await sweepRates(relay, undefined, relayPairs(settings), settings) };
  } finally {
    await relay.stop();
  }
}

/** A relay's pairs: no accounts, conversations named by the load. */
const relayPairs = (settings: Settings): LoadPair[] =>
  Array.from({ length: settings.pairs }, (_, i) => ({ conversationId: `pair-${i}`, a: { token: '' }, b: { token: '' } }));

/**
 * The upward sweep of offered rates against `target`, whose Postgres database is `database`,
 * within the mode's budget: every target gets the same time, however long the others took.
 */
async function sweepRates(target: Target, database: string | undefined, pairs: LoadPair[], settings: Settings): Promise<StepResult[]> {
  const sweep = await runLoad<{ steps: StepResult[] }>({
    mode: 'sweep',
    url: target.url,
    serverPid: target.pid,
    ...(database ? { database } : {}),
    pairs,
    rates: [...settings.rates],
    stepMs: settings.stepMs,
    drainMs: settings.drainMs,
    deadlineMs: settings.sweepBudgetMs,
    diskProbeDir: settings.diskProbeDir,
  } satisfies SweepPlan);
  return sweep.steps;
}

/**
 * The persisting relay (bench/persisting-relay.ts) on a database of its own: only the sweep,
 * since it has no history and its sockets are the bare relay's.
 */
async function benchPersisting(settings: Settings, adminUrl: string) {
  const dbName = `collabwire_bench_relay_${Date.now().toString(36)}`;
  await adminQuery(adminUrl, `create database ${dbName}`);
  let relay: Target | undefined;
  try {
    relay = await spawnReference('persisting-relay', { DATABASE_URL: withDatabase(adminUrl, dbName) });
    await quiesce(relay.pid);
    return { sweep: await sweepRates(relay, dbName, relayPairs(settings), settings) };
  } finally {
    await relay?.stop();
    await adminQuery(adminUrl, `drop database if exists ${dbName} with (force)`).catch((err: unknown) => log(`could not drop ${dbName}: ${String(err)}`));
  }
}

async function benchCollabwire(name: 'pglite' | 'postgres', settings: Settings, history: boolean, adminUrl: string) {
  const secret = newSecret();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `collabwire-bench-${name}-`));
  const dbName = `collabwire_bench_${Date.now().toString(36)}`;
  const databaseUrl = name === 'postgres' ? withDatabase(adminUrl, dbName) : undefined;
  // PGlite with history: where the bare page server's copy of the seeded data directory goes.
  const referenceDir = history && !databaseUrl ? mkdtempSync(path.join(os.tmpdir(), 'collabwire-bench-reference-')) : undefined;
  if (databaseUrl) await adminQuery(adminUrl, `create database ${dbName}`);
  let server: Target | undefined;
  try {
    // Seeded straight into the database before the server starts: PGlite admits one process.
    const seedStarted = Date.now();
    const database = await openDatabase({ url: databaseUrl, dataDir });
    const load = await seedLoadUsers(database.db, secret, settings.pairs, settings.idleSockets + 1);
    const seededHistory = history
      ? await seedHistory(database.db, secret, settings.historyMessages, INBOX_CONVERSATIONS, MESSAGES_PER_SMALL_CONVERSATION)
      : null;
    await database.close();
    if (referenceDir) cpSync(path.join(dataDir, 'pglite'), referenceDir, { recursive: true });
    const seedMs = Date.now() - seedStarted;
    log(`${name}: seeded ${load.users.length} users${seededHistory ? ` and ${settings.historyMessages} messages` : ''} in ${seedMs} ms`);

    server = await spawnCollabwire({ DATA_DIR: dataDir, AUTH_SECRET: secret, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
    const idle = await runLoad<unknown>({
      mode: 'idle',
      url: server.url,
      serverPid: server.pid,
      tokens: load.users.slice(0, settings.idleSockets + 1).map((u) => u.token),
      settleMs: 2000,
      deadlineMs: Math.max(90_000, settings.idleSockets * 30),
    } satisfies IdlePlan);
    log(`${name}: server idle again ${await quiesce(server.pid)} ms after the idle sockets left`);
    const beforeHistory = await collectBetweenPhases(server.pid);
    let historyResult: unknown = null;
    if (seededHistory) {
      // The bare page server reads the same messages: on Postgres the same database, on PGlite
      // a copy of the data directory as seeded (PGlite admits one process).
      const reference = await spawnReference('page-server', databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DIR: referenceDir! });
      try {
        historyResult = await runLoad<unknown>({
          mode: 'history',
          url: server.url,
          token: seededHistory.brand.token,
          conversationId: seededHistory.conversationId,
          deepBeforeSeq: Math.floor(seededHistory.bigCount / 2),
          referenceUrl: reference.url,
          iterations: settings.historyIterations,
          deadlineMs: 60_000,
        } satisfies HistoryPlan);
      } finally {
        await reference.stop();
      }
    }
    const beforeSweep = await collectBetweenPhases(server.pid);
    log(`${name}: RSS before the sweep ${beforeSweep.rssBeforeMb} MB, ${beforeSweep.rssAfterMb} MB after a full garbage collection`);
    const pairs = load.pairs.map((p) => ({ conversationId: p.conversationId, a: { token: p.brand.token }, b: { token: p.influencer.token } }));
    const sweep = await sweepRates(server, databaseUrl ? dbName : undefined, pairs, settings);
    return {
      seed: { users: load.users.length, pairs: load.pairs.length, historyMessages: seededHistory ? settings.historyMessages : 0, ms: seedMs, method: 'SQL straight into the database (generate_series for history)' },
      idle,
      gcBetweenPhases: { beforeHistory, beforeSweep },
      history: historyResult && { ...historyResult, messagesStored: settings.historyMessages, inboxConversations: INBOX_CONVERSATIONS, deepBeforeSeq: Math.floor(seededHistory!.bigCount / 2) },
      sweep,
    };
  } finally {
    await server?.stop();
    if (server && server.child.exitCode !== 0 && server.child.exitCode !== null) log(`${name} server output:\n${server.output()}`);
    rmSync(dataDir, { recursive: true, force: true });
    if (referenceDir) rmSync(referenceDir, { recursive: true, force: true });
    if (databaseUrl) await adminQuery(adminUrl, `drop database if exists ${dbName} with (force)`).catch((err: unknown) => log(`could not drop ${dbName}: ${String(err)}`));
  }
}

async function main() {
  const mode: Mode = process.argv.includes('full') ? 'full' : 'quick';
  const ratesArg = process.argv.find((a) => a.startsWith('--rates='));
  const onlyArg = process.argv.find((a) => a.startsWith('--only='));
  const only = new Set<TargetName>(onlyArg ? (onlyArg.slice(7).split(',') as TargetName[]) : ['bare', 'persisting', 'pglite', 'postgres']);
  const history = !process.argv.includes('--no-history');
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const stepArg = process.argv.find((a) => a.startsWith('--step-ms='));
  const idleArg = process.argv.find((a) => a.startsWith('--idle-sockets='));
  const settings = {
    ...SETTINGS[mode],
    ...(idleArg ? { idleSockets: Number(idleArg.slice(15)) } : {}),
    ...(ratesArg ? { rates: ratesArg.slice(8).split(',').map(Number) } : {}),
    ...(stepArg ? { stepMs: Number(stepArg.slice(10)) } : {}),
    // PGlite's files live under the temporary directory; Postgres's disk is checked below.
    diskProbeDir: os.tmpdir(),
  };
  const started = new Date();
  // A hard stop for the whole run, whatever happens inside it: each target's sweep budget
  // and five minutes for its seeding, idle sockets and history reads.
  setTimeout(() => {
    log('hard time limit reached');
    process.exit(2);
  }, only.size * (settings.sweepBudgetMs + 300_000)).unref();

  const otherLoad = os.loadavg();
  const disk = { probeDir: settings.diskProbeDir, sameDeviceAsPostgres: await sameDeviceAsPostgres(adminUrl, settings.diskProbeDir) };
  const targets: Record<string, unknown> = {};
  log(`${mode} run, load average ${otherLoad.map((l) => l.toFixed(2)).join(' ')}`);
  if (only.has('bare')) {
    log('bare Socket.IO relay');
    targets.bare = await benchBare(settings);
  }
  const postgresReachable = await adminQuery(adminUrl, 'select 1').then(
    () => true,
    () => false,
  );
  for (const name of ['persisting', 'pglite', 'postgres'] as const) {
    if (!only.has(name)) continue;
    if (name !== 'pglite' && !postgresReachable) {
      log(`Postgres at ${adminUrl.replace(/\/\/[^@]*@/, '//')} is unreachable: ${name} skipped`);
      targets[name] = { skipped: 'Postgres unreachable' };
      continue;
    }
    if (name === 'persisting') {
      log('persisting relay (bare relay + batched INSERT into Postgres)');
      targets.persisting = await benchPersisting(settings, adminUrl);
    } else {
      log(`Collabwire on ${name}`);
      targets[name] = await benchCollabwire(name, settings, history, adminUrl);
    }
  }

  const cpus = os.cpus();
  const result = {
    mode,
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model ?? 'unknown',
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: otherLoad.map((l) => Math.round(l * 100) / 100),
      disk,
    },
    note:
      'Load generator, server and database share the machine. Other processes may have been running during the run ' +
      '(see loadAverageAtStart); figures are from one run, not an average.',
    settings: { ...settings, inboxConversations: INBOX_CONVERSATIONS, seed: 'users, conversations and history written with SQL before the server starts' },
    targets,
  };
  const dir = path.join(process.cwd(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  // A later run of the same day and mode gets its own name (-1, -2, …) rather than replacing it.
  const stem = path.join(dir, `${started.toISOString().slice(0, 10)}-${mode}`);
  let base = stem;
  for (let n = 1; existsSync(`${base}.json`) || existsSync(`${base}.md`); n++) base = `${stem}-${n}`;
  writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(`${base}.md`, renderMarkdown(result as Parameters<typeof renderMarkdown>[0]));
  log(`wrote ${path.relative(process.cwd(), base)}.json and .md`);
  console.log(readFileSync(`${base}.md`, 'utf8'));
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
