import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { Db } from './index';
import { users } from './schema';
import type { Logger } from '../lib/logger';
import { registerUser } from '../lib/users/register-user';

const demoAccounts = [
  { role: 'brand', name: 'Northwind Outfitters', handle: 'northwind', email: 'brand@demo.collabwire.dev', bio: 'Outdoor gear for city people.' },
  { role: 'influencer', name: 'Maya Chen', handle: 'mayamakes', email: 'maya@demo.collabwire.dev', bio: 'Slow travel, film cameras and the gear that survives both. 120k on Instagram.' },
  { role: 'influencer', name: 'Leo Okafor', handle: 'leo.lifts', email: 'leo@demo.collabwire.dev', bio: 'Strength coach. Honest reviews of training gear, weekly lives.' },
] as const;

/**
 * On an empty database, creates one brand and two influencers with fresh random
 * passwords, prints them and keeps them in DATA_DIR/demo-accounts.txt.
 */
export async function seedDemo(db: Db, logger: Logger, dataDir: string): Promise<void> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(users);
  if ((row?.count ?? 0) > 0) return;
  const lines: string[] = [];
  for (const account of demoAccounts) {
    const password = `demo-${randomBytes(6).toString('base64url')}`;
    await registerUser(db, { ...account, password });
    lines.push(`${account.role.padEnd(10)} ${account.email.padEnd(28)} ${password}`);
  }
  const text = ['Collabwire demo accounts (development only):', ...lines, ''].join('\n');
  writeFileSync(path.join(dataDir, 'demo-accounts.txt'), text, { mode: 0o600 });
  logger.info('demo accounts created');
  process.stdout.write(`\n${text}(also saved in ${path.join(dataDir, 'demo-accounts.txt')})\n\n`);
}
