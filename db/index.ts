import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { PgliteThreadOptions } from './pglite-thread';
import { pgliteQuery, postgresJsQuery, SESSION_SETTINGS, type RawQuery } from './raw-query';
import * as schema from './schema';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** A database handle or an open transaction: domain functions accept either. */
export type DbOrTx = Db | Tx;

export type Database = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Prepared single statements for the hot reads (lib/chat/hot-reads.ts, presence, sessions); Drizzle everywhere else. */
  query: RawQuery;
  /**
   * The group commit's statement (lib/chat/send-queue.ts), on a connection of its own. It
   * has one statement in flight at a time, and the pool hands its idle connections out in
   * turn: there each batch ran on another backend, at 1.6–2.2× the database CPU of running
   * them all on one (whose caches stay warm) and 1.6–1.8× the round trip
   * (bench/commit-connection.ts). PGlite has one session.
   */
  commitQuery: RawQuery;
  /** Connections this process may open: the pool and the group commit's own (1 on PGlite). */
  maxConnections: number;
  /** Runs `select 1` on the pool and on the commit connection; rejects when either cannot reach the database. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** postgres://… selects the postgres driver; unset selects embedded PGlite. */
  url: string | undefined;
  dataDir: string;
  /** Pool size for the postgres driver. */
  max?: number;
  /** PGlite only: each checkpoint its thread runs (db/pglite-worker.mjs), for the log. */
  onCheckpoint?: PgliteThreadOptions['onCheckpoint'];
  /** PGlite only: each table its thread analyzes or vacuums, for the log. */
  onUpkeep?: PgliteThreadOptions['onUpkeep'];
};

const migrationsFolder = path.join(process.cwd(), 'db', 'migrations');

/** Opens the database for `options` and applies pending migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const database = options.url ? await openPostgres(options.url, options.max ?? 10) : await openPglite(options.dataDir, options);
  return database;
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { postgresClient } = await import('./postgres-url');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const settings = {
    onnotice: () => {},
    connect_timeout: 5,
    // Keeps a dead connection from hanging a request forever.
    idle_timeout: 60,
  };
  // See SESSION_SETTINGS: set for each session as it opens. The names tell the two apart in
  // pg_stat_activity.
  const session = (name: string) => ({ ...SESSION_SETTINGS, application_name: name });
  // A `host` parameter (a socket directory or a host name) is read as libpq reads it (db/postgres-url.ts).
  const client = postgresClient(url, { ...settings, max, connection: session('collabwire') });
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  // Opened on the first send; reconnects by itself like the pool's connections.
  const commitClient = postgresClient(url, { ...settings, max: 1, connection: session('collabwire-commit') });
  return {
    db: db as unknown as Db,
    driver: 'postgres',
    query: postgresJsQuery(client),
    commitQuery: postgresJsQuery(commitClient),
    maxConnections: max + 1,
    // Sends depend on the commit connection as much as reads on the pool.
    ping: async () => {
      await Promise.all([client`select 1`, commitClient`select 1`]);
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), commitClient.end({ timeout: 5 })]);
    },
  };
}

async function openPglite(dataDir: string, { onCheckpoint, onUpkeep }: Pick<DatabaseOptions, 'onCheckpoint' | 'onUpkeep'>): Promise<Database> {
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const { PgliteThread } = await import('./pglite-thread');
  const dir = path.join(dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  // On its own thread: see db/pglite-thread.ts.
  const client = await PgliteThread.open(dir, { onCheckpoint, onUpkeep });
  const db = drizzle({ client: client as unknown as PGlite, schema });
  try {
    // See SESSION_SETTINGS: the session's settings, as on Postgres.
    for (const [name, value] of Object.entries(SESSION_SETTINGS)) await client.query(`set ${name} = '${value}'`);
    await migrate(db, { migrationsFolder });
  } catch (error) {
    await client.close().catch(() => {});
    throw error;
  }
  const query = pgliteQuery(client);
  return {
    db: db as unknown as Db,
    driver: 'pglite',
    query,
    commitQuery: query,
    maxConnections: 1,
    // Once closed, the client refuses every call ("PGlite is closed": unavailable).
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}
