import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db';
import { users } from '../../db/schema';
import { ZUuid, type PublicUser } from '../contracts/common';
import { decodeCursor, encodeCursor } from '../server/cursor';
import { toPublicUser } from './to-public-user';

export type InfluencerPage = { influencers: PublicUser[]; nextCursor: string | null };

/** Influencers whose name or handle contains `q`, by name, a page at a time. */
export async function searchInfluencers(
  db: Db,
  query: { q?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<InfluencerPage> {
  const conditions: SQL[] = [eq(users.role, 'influencer')];
  const q = query.q?.replace(/^@/, '');
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    conditions.push(or(ilike(users.name, pattern), ilike(users.handle, pattern))!);
  }
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor, (parts) => parts.length === 2 && ZUuid.safeParse(parts[1]).success);
    conditions.push(or(gt(sql`lower(${users.name})`, name), and(eq(sql`lower(${users.name})`, name), gt(users.id, id!)))!);
  }
  const rows = await db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    influencers: page.map(toPublicUser),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name.toLowerCase(), last.id]) : null,
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
