import { and, asc, eq, gt, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db';
import { users } from '../../db/schema';
import type { PublicUser } from '../contracts/common';
import { AppError } from '../errors';
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
    const after = decodeCursor(query.cursor);
    conditions.push(
      or(
        gt(sql`lower(${users.name})`, after.name),
        and(eq(sql`lower(${users.name})`, after.name), gt(users.id, after.id)),
      )!,
    );
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
    nextCursor: rows.length > query.limit && last ? encodeCursor({ name: last.name.toLowerCase(), id: last.id }) : null,
  };
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

type Cursor = { name: string; id: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.name, c.id])).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(value[1])
    ) {
      return { name: value[0], id: value[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError('invalid_input', 'cursor is not valid', { field: 'cursor' });
}
