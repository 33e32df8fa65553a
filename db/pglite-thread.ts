import { Worker } from 'node:worker_threads';

/** What callers of PGlite here use of it: Drizzle's driver, the migrator and db/raw-query.ts. */
export type QueryOptions = { rowMode?: 'array' | 'object'; parsers?: Record<number, (value: string, typeId: number) => unknown> };
export type QueryResult<T> = { rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number };
export type Queryable = { query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>> };

type Request =
  | { op: 'query'; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; textTypes?: number[]; tx?: number }
  | { op: 'prepared'; sql: string; params: unknown[] }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' };
/** An error as it crosses from the database thread: its message and Postgres's fields. */
type ThreadError = Record<string, unknown> & { message: string };
type Reply =
  | { id: number; result?: unknown; error?: ThreadError }
  | { ready: true }
  | { checkpoint: CheckpointReport }
  | { upkeep: UpkeepReport };

/** A checkpoint the database thread ran (db/pglite-worker.mjs), or why one failed. */
export type CheckpointReport = { walBytes: number; ms: number } | { error: ThreadError };

/** A table the database thread analyzed or vacuumed (db/pglite-worker.mjs), or why a pass failed. */
export type UpkeepReport = { table: string; action: 'analyze' | 'vacuum'; pages: number; ms: number } | { error: ThreadError };

export type PgliteThreadOptions = {
  /** When the thread checkpoints: WAL since the last checkpoint, or its age with something written since. */
  checkpoint?: { walBytes?: number; maxAgeMs?: number; checkEveryMs?: number };
  onCheckpoint?: (report: CheckpointReport) => void;
  /**
   * When the thread analyzes a table (from `minPages` pages on, then each time it has grown
   * `growth` times) or vacuums it (its oldest unfrozen transaction id `freezeAge` old), and
   * with what statistics target it samples the rows (`statisticsTarget` × 300 of them).
   */
  upkeep?: { minPages?: number; growth?: number; freezeAge?: number; statisticsTarget?: number; checkEveryMs?: number };
  onUpkeep?: (report: UpkeepReport) => void;
};

// Postgres's own defaults in spirit: checkpoint_timeout is 5 minutes, and with max_wal_size 1 GB
// a checkpoint starts after about half of it.
const CHECKPOINT_DEFAULTS = { walBytes: 512 * 2 ** 20, maxAgeMs: 5 * 60_000, checkEveryMs: 10_000 };
// 8 pages is 64 kB; 200 million transactions is Postgres's autovacuum_freeze_max_age; a
// statistics target of 10 samples 3,000 rows, a tenth of Postgres's default.
const UPKEEP_DEFAULTS = { minPages: 8, growth: 2, freezeAge: 200_000_000, statisticsTarget: 10, checkEveryMs: 10_000 };

/**
 * Embedded PGlite on a worker thread. Its WebAssembly Postgres does the work of every query
 * and commit; on the server's own thread that work held up every socket (at 500 msg/s it
 * was over half of that thread's time). Here the server thread only posts statements and
 * reads results, and the database runs on another core meanwhile. Same surface as the
 * PGlite client for what this code base uses: `query` (rows as objects or arrays, the
 * parsers Drizzle passes keep values as text), `prepared` (db/raw-query.ts), `transaction`
 * (held open across messages; other queries wait for it inside PGlite, as on one thread),
 * `close`. Postgres errors keep their fields (`code`, `constraint`, …). After `close` or a
 * crash of the thread every call fails with "PGlite is closed", which the service reports
 * as unavailable.
 */
export class PgliteThread implements Queryable {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #next = 1;
  #closed = false;
  #closing: Promise<void> | undefined;

  private constructor(worker: Worker, { onCheckpoint, onUpkeep }: PgliteThreadOptions) {
    this.#worker = worker;
    worker.on('message', (reply: Reply) => {
      if ('ready' in reply) return;
      if ('checkpoint' in reply) return onCheckpoint?.(reply.checkpoint);
      if ('upkeep' in reply) return onUpkeep?.(reply.upkeep);
      const call = this.#pending.get(reply.id);
      if (!call) return;
      this.#pending.delete(reply.id);
      if (reply.error) call.reject(Object.assign(new Error(reply.error.message), reply.error));
      else call.resolve(reply.result);
    });
    const fail = (error?: Error) => {
      this.#closed = true;
      for (const call of this.#pending.values()) call.reject(new Error('PGlite is closed', error ? { cause: error } : undefined));
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', () => fail());
  }

  /** Starts the thread and opens (or creates) the database in `dataDir`. */
  static open(dataDir: string, options: PgliteThreadOptions = {}): Promise<PgliteThread> {
    return new Promise((resolve, reject) => {
      const checkpoint = { ...CHECKPOINT_DEFAULTS, ...options.checkpoint };
      const upkeep = { ...UPKEEP_DEFAULTS, ...options.upkeep };
      const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), { workerData: { dataDir, checkpoint, upkeep } });
      const onError = (error: Error) => reject(error);
      const onExit = (code: number) => reject(new Error(`the database thread exited with ${code} while opening`));
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.once('message', (reply: Reply) => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        if ('ready' in reply) resolve(new PgliteThread(worker, options));
        else reject(new Error('the database thread did not start'));
      });
    });
  }

  async query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>> {
    return (await this.#call({ op: 'query', sql, params, ...wireOptions(options) })) as QueryResult<T>;
  }

  /**
   * Runs `sql` as a named prepared statement of the database's session, prepared on its first
   * call (db/pglite-prepared.mjs); rows as `query` gives them.
   */
  async prepared<T>(sql: string, params: unknown[]): Promise<T[]> {
    return ((await this.#call({ op: 'prepared', sql, params })) as { rows: T[] }).rows;
  }

  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const tx = (await this.#call({ op: 'begin' })) as number;
    const handle: Queryable = {
      query: async <R,>(sql: string, params?: unknown[], options?: QueryOptions) =>
        (await this.#call({ op: 'query', tx, sql, params, ...wireOptions(options) })) as QueryResult<R>,
    };
    let result: T;
    try {
      result = await fn(handle);
    } catch (error) {
      await this.#call({ op: 'end', tx, commit: false }).catch(() => {});
      throw error;
    }
    await this.#call({ op: 'end', tx, commit: true });
    return result;
  }

  /** Closes the database and ends the thread; calling it again waits for the same close. */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#call({ op: 'close' });
    } finally {
      // Even when PGlite could not close cleanly, the thread must not keep the process alive.
      this.#closed = true;
      await this.#worker.terminate();
    }
  }

  #call(request: Request): Promise<unknown> {
    if (this.#closed) return Promise.reject(new Error('PGlite is closed'));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#worker.postMessage({ ...request, id });
      } catch (error) {
        // A parameter that cannot be copied to the thread (a function, a symbol).
        this.#pending.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}

/**
 * Options as data: functions do not cross threads. Drizzle's parsers only keep values as
 * text, so they travel as the list of type ids to keep; any other parser is refused rather
 * than silently dropped.
 */
function wireOptions(options: QueryOptions | undefined): { rowMode?: 'array' | 'object'; textTypes?: number[] } {
  if (!options) return {};
  const { rowMode, parsers, ...rest } = options;
  if (Object.keys(rest).length > 0) throw new Error(`unsupported PGlite query options: ${Object.keys(rest).join(', ')}`);
  if (!parsers) return rowMode ? { rowMode } : {};
  const textTypes = Object.keys(parsers).map(Number);
  for (const oid of textTypes) {
    if (parsers[oid]!('1', oid) !== '1') throw new Error(`only text-keeping parsers cross to the database thread (type ${oid})`);
  }
  return { ...(rowMode ? { rowMode } : {}), textTypes };
}
