import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@/db';
import { postgresClient } from '@/db/postgres-url';
import { createScratchDatabase } from '../helpers/process-database';

const adminUrl = process.env.TEST_DATABASE_URL;
const enabled = process.env.TEST_DB === 'postgres' && !!adminUrl;

/** The first socket directory the server listens in, asked over the URL the tests were given; null when it has none. */
async function socketDirectory(url: string): Promise<string | null> {
  const sql = postgresClient(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ unix_socket_directories: string }[]>`show unix_socket_directories`;
    const dir = row?.unix_socket_directories.split(',')[0]?.trim();
    return dir?.startsWith('/') ? dir : null;
  } finally {
    await sql.end();
  }
}

describe.skipIf(!enabled)('[DB] Postgres through its Unix socket (a host parameter naming a directory)', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const dir = await socketDirectory(adminUrl!);
    if (!dir) throw new Error('this Postgres listens on no Unix socket; the test needs one');
    const socketUrl = new URL(adminUrl!);
    socketUrl.searchParams.set('host', dir);
    // The scratch database is made over the socket too.
    const scratch = await createScratchDatabase(socketUrl.toString(), 'collabwire_socket');
    drop = scratch.drop;
    expect(new URL(scratch.url).searchParams.get('host')).toBe(dir);
    dataDir = mkdtempSync(path.join(tmpdir(), 'collabwire-socket-'));
    database = await openDatabase({ url: scratch.url, dataDir, max: 2 });
  });
  afterAll(async () => {
    await database?.close();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('connects the pool and the group commit through the socket, with the migrations applied', async () => {
    await database.ping();
    const where = `select inet_client_addr() as addr, current_setting('application_name') as app, to_regclass('public.messages') is not null as migrated`;
    // inet_client_addr() is null only for a connection over a Unix socket.
    expect(await database.query(where, [])).toEqual([{ addr: null, app: 'collabwire', migrated: true }]);
    expect(await database.commitQuery(where, [])).toEqual([{ addr: null, app: 'collabwire-commit', migrated: true }]);
  });
});
