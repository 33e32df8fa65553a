import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@/lib/config';
import { createLogger } from '@/lib/logger';
import { createCollabwire, type Collabwire } from '@/lib/server/create-server';
import { createScratchDatabase } from './process-database';

/** A boot slower than this prints where it is and what it logged (the hooks time out at 60 s). */
const BOOT_REPORT_MS = 30_000;

export type TestServer = {
  url: string;
  app: Collabwire;
  driver: 'pglite' | 'postgres';
  close(): Promise<void>;
};

/**
 * Boots the real server (the factory server.ts uses, serving the production build) on a
 * random port, on PGlite or, with TEST_DB=postgres, on a fresh database of TEST_DATABASE_URL
 * that is dropped afterwards.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const driver = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'collabwire-test-'));
  let databaseUrl: string | undefined;
  let dropDatabase = async () => {};
  if (driver === 'postgres') {
    const adminUrl = process.env.TEST_DATABASE_URL;
    if (!adminUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
    const scratch = await createScratchDatabase(adminUrl, 'collabwire_test');
    databaseUrl = scratch.url;
    dropDatabase = scratch.drop;
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    AUTH_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'false',
    // Suites create their users by signing up, all from 127.0.0.1; security-limits.test.ts tests the limit.
    RATE_LIMIT_SIGNUPS_BURST: '100000',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  // The boot logs into memory, printed only if it stalls; then the server logs at the
  // configured level (TEST_LOG_LEVEL: to stdout as well).
  const bootLog: string[] = [];
  const shown = !!process.env.TEST_LOG_LEVEL;
  const write = (line: string) => {
    if (bootLog.push(line) > 200) bootLog.shift();
    if (shown) process.stdout.write(line);
  };
  const logger = createLogger({ ...config, logLevel: shown ? config.logLevel : 'info' }, { write });
  let phase = 'opening the database and Next';
  const watchdog = setTimeout(() => {
    console.error(`[test-server] ${driver}: still ${phase} after ${BOOT_REPORT_MS / 1000} s; the boot's log:\n${bootLog.join('')}`);
  }, BOOT_REPORT_MS);
  let app: Collabwire;
  let url: string;
  try {
    app = await createCollabwire({ config, dev: false, logger });
    phase = 'listening';
    url = await app.listen(0, '127.0.0.1');
  } finally {
    clearTimeout(watchdog);
    logger.level = config.logLevel;
  }
  return {
    url,
    app,
    driver,
    async close() {
      await app.close();
      await dropDatabase();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
