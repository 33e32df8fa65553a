// The embedded database on its own thread (see db/pglite-thread.ts, which starts it). Plain
// JavaScript so that it loads as it is under tsx, vitest and node alike.
import { BroadcastChannel, parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { preparedStatements } from './pglite-prepared.mjs';

// Only in a process started with --expose-gc (the benchmark's servers): a full collection of
// this thread's heap when the main thread asks (bench/gc-on-signal.mjs), so idle memory is
// read without this thread's garbage. Listening does not keep the thread alive.
if (typeof globalThis.gc === 'function') {
  const collect = new BroadcastChannel('collect-garbage');
  collect.unref();
  collect.onmessage = () => globalThis.gc();
}

const pg = await PGlite.create(workerData.dataDir);
const stopCheckpoints = startCheckpoints(workerData.checkpoint);
const stopUpkeep = startUpkeep(workerData.upkeep);
const prepared = preparedStatements(pg);
/** Open transactions by id: the transaction's handle and how to end it. */
const transactions = new Map();
let nextTransaction = 1;
const ROLLBACK = Symbol('rollback');

const queryOptions = (message) => {
  if (!message.rowMode && !message.textTypes) return undefined;
  const options = {};
  if (message.rowMode) options.rowMode = message.rowMode;
  if (message.textTypes) options.parsers = Object.fromEntries(message.textTypes.map((oid) => [oid, (value) => value]));
  return options;
};

/** Opens a transaction that stays open until its `end` message; resolves with its id. */
function begin() {
  return new Promise((resolve, reject) => {
    const id = nextTransaction++;
    let decide;
    const decided = new Promise((r) => (decide = r));
    let begun = false;
    const done = pg
      .transaction(async (tx) => {
        begun = true;
        transactions.set(id, { tx, decide, done });
        resolve(id);
        if (!(await decided)) throw ROLLBACK;
      })
      .catch((error) => {
        if (error === ROLLBACK) return;
        if (!begun) reject(error);
        throw error;
      });
    // The promise is awaited by `end`; until then a failure must not count as unhandled.
    done.catch(() => {});
  });
}

async function handle(message) {
  switch (message.op) {
    case 'query': {
      const target = message.tx ? transactions.get(message.tx)?.tx : pg;
      if (!target) throw new Error('This transaction has ended');
      const result = await target.query(message.sql, message.params, queryOptions(message));
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'prepared':
      return { rows: await prepared.run(message.sql, message.params) };
    case 'begin':
      return begin();
    case 'end': {
      const open = transactions.get(message.tx);
      if (!open) throw new Error('This transaction has ended');
      transactions.delete(message.tx);
      open.decide(message.commit);
      await open.done;
      return null;
    }
    case 'close':
      stopCheckpoints();
      stopUpkeep();
      await pg.close();
      return null;
    default:
      throw new Error(`unknown operation ${message.op}`);
  }
}

/** Errors cross the thread boundary as plain data, keeping Postgres' fields (code, constraint, …). */
function serializeError(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === 'function' || (typeof value === 'object' && value !== null)) continue;
    fields[key] = value;
  }
  return { ...fields, name: error.name, message: error.message };
}

function reply(id, result) {
  try {
    parentPort.postMessage({ id, result });
  } catch (error) {
    // A value the structured clone cannot copy: the caller gets an error, the thread lives on.
    parentPort.postMessage({ id, error: serializeError(error) });
  }
}

/**
 * PGlite runs Postgres as one backend with no checkpointer beside it, and a backend alone never
 * checkpoints by itself: pg_wal would keep every write since the database was opened (disk
 * without bound, and a restart after a crash replaying all of it). So this thread checkpoints
 * as Postgres's checkpointer would, once the WAL since the last checkpoint reaches `walBytes`,
 * or once the last is `maxAgeMs` old and something has been written since. A checkpoint
 * writes the dirty pages out and holds up this thread's queries meanwhile (100–400 ms after a
 * few hundred MB of writes); each one is reported to the main thread.
 */
function startCheckpoints({ walBytes, maxAgeMs, checkEveryMs }) {
  // More than a checkpoint record and a few commits: nothing left to write otherwise.
  const MIN_WAL_BYTES = 64 * 1024;
  return every(checkEveryMs, 'checkpoint', async () => {
    const { rows } = await pg.query(
      `select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::float8 as wal_bytes,
         extract(epoch from clock_timestamp() - checkpoint_time)::float8 * 1000 as age_ms
       from pg_control_checkpoint()`,
    );
    const { wal_bytes: wal, age_ms: age } = rows[0];
    if (wal >= walBytes || (age >= maxAgeMs && wal >= MIN_WAL_BYTES)) {
      const started = performance.now();
      await pg.exec('checkpoint');
      parentPort.postMessage({ checkpoint: { walBytes: wal, ms: Math.round(performance.now() - started) } });
    }
  });
}

/**
 * PGlite has no autovacuum either, and cumulative statistics are not kept (every counter of
 * pg_stat_user_tables stays at zero), so nothing ever runs ANALYZE. That matters beyond the
 * statistics: a prepared statement keeps the generic plan made on the tables as they were
 * when it first ran, and only a change to a table (ANALYZE among them) makes it plan again.
 * Planned at start on a near-empty `attachments`, a history page hashed every attachment on
 * every call for as long as the process lived. So this thread analyzes a table once it has
 * `minPages` pages and again each time it has grown `growth` times since (a handful of
 * ANALYZEs over a table's life), and vacuums one whose oldest unfrozen transaction id is
 * `freezeAge` old, long before wraparound would stop writes (Postgres's
 * autovacuum_freeze_max_age). Each one is reported to the main thread.
 *
 * Each of them holds up every query of this thread while it runs (there is no autovacuum
 * process to run it beside them), so it samples `statisticsTarget` × 300 rows rather than
 * Postgres's 30,000: on 200,000 messages ANALYZE took 300–320 ms with the default sample and
 * 35–37 ms with a tenth of it (the search index's tsvector statistics alone about half of the
 * former). The plans here are lookups by key, which a smaller sample prices alike; what an
 * ANALYZE is for on this thread is a table's size and a fresh plan for the statements on it.
 */
function startUpkeep({ minPages, growth, freezeAge, statisticsTarget, checkEveryMs }) {
  return every(checkEveryMs, 'upkeep', async () => {
    const { rows } = await pg.query(
      `select c.oid::regclass::text as name, c.relpages as analyzed_pages, age(c.relfrozenxid) as xid_age,
         (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind = 'r' and n.nspname = 'public'
       order by c.oid`,
    );
    for (const table of rows) {
      const action =
        table.xid_age >= freezeAge ? 'vacuum' : table.pages >= Math.max(minPages, growth * table.analyzed_pages) ? 'analyze' : null;
      if (!action) continue;
      const started = performance.now();
      // VACUUM cannot run in a transaction block, so no `set local`: the setting is the
      // session's while the upkeep runs, and reset after it.
      await pg.exec(`set default_statistics_target = ${Number(statisticsTarget)}`);
      try {
        await pg.exec(action === 'vacuum' ? `vacuum (freeze, analyze) ${table.name}` : `analyze ${table.name}`);
      } finally {
        await pg.exec('reset default_statistics_target');
      }
      parentPort.postMessage({ upkeep: { table: table.name, action, pages: table.pages, ms: Math.round(performance.now() - started) } });
    }
  });
}

/**
 * Runs `task` every `ms`, one run at a time, without keeping the thread alive; a failure is
 * reported to the main thread as `{ [kind]: { error } }`. Returns what stops it.
 */
function every(ms, kind, task) {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error) => parentPort.postMessage({ [kind]: { error: serializeError(error) } }))
      .finally(() => (running = false));
  }, ms);
  timer.unref();
  return () => clearInterval(timer);
}

parentPort.on('message', (message) => {
  handle(message).then(
    (result) => reply(message.id, result),
    (error) => parentPort.postMessage({ id: message.id, error: serializeError(error) }),
  );
});
parentPort.postMessage({ ready: true });
