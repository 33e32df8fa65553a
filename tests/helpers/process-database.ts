import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

export type ProcessDatabase = { env: Record<string, string>; driver: 'pglite' | 'postgres'; drop(): Promise<void> };

/**
 * The database for a server run as a child process: the embedded one in its DATA_DIR, or
 * with TEST_DB=postgres a fresh database of TEST_DATABASE_URL, dropped afterwards.
 */
export async function processDatabase(): Promise<ProcessDatabase> {
  if (process.env.TEST_DB !== 'postgres') return { env: {}, driver: 'pglite', drop: async () => {} };
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `collabwire_proc_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    driver: 'postgres',
    async drop() {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}
