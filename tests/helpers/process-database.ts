import { randomBytes } from 'node:crypto';
import { postgresClient, withDatabase } from '../../db/postgres-url';

export type ProcessDatabase = { env: Record<string, string>; driver: 'pglite' | 'postgres'; drop(): Promise<void> };

/**
 * The database for a server run as a child process: the embedded one in its DATA_DIR, or
 * with TEST_DB=postgres a fresh database of TEST_DATABASE_URL, dropped afterwards.
 */
export async function processDatabase(): Promise<ProcessDatabase> {
  if (process.env.TEST_DB !== 'postgres') return { env: {}, driver: 'pglite', drop: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const scratch = await createScratchDatabase(adminUrl, 'collabwire_proc');
  return { env: { DATABASE_URL: scratch.url }, driver: 'postgres', drop: scratch.drop };
}

/** A fresh database on the server of `adminUrl`, for one test run; `drop` removes it. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = postgresClient(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
