import { randomBytes } from 'node:crypto';
import type { Db } from '../../db';
import { users, type UserRow } from '../../db/schema';
import type { RegisterInput } from '../contracts/users';
import { AppError, isUniqueViolation } from '../errors';
import { hashPassword } from '../auth/password';

/** Creates an account. A taken email (in any letter case) or handle is a 409 `conflict`. */
export async function registerUser(db: Db, input: RegisterInput): Promise<UserRow> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.trim();
  const chosenHandle = input.handle;
  for (let attempt = 0; attempt < 5; attempt++) {
    const handle = chosenHandle ?? suggestHandle(input.name, email, attempt);
    try {
      const [row] = await db
        .insert(users)
        .values({ email, passwordHash, name: input.name, role: input.role, handle, bio: input.bio ?? null })
        .returning();
      return row!;
    } catch (e) {
      if (isUniqueViolation(e, 'users_email_lower_key')) {
        throw new AppError('conflict', 'An account with this email already exists', { field: 'email' });
      }
      if (isUniqueViolation(e, 'users_handle_key')) {
        if (chosenHandle) throw new AppError('conflict', 'This handle is taken', { field: 'handle' });
        continue;
      }
      throw e;
    }
  }
  throw new AppError('conflict', 'Could not find a free handle; choose one', { field: 'handle' });
}

/** A readable handle from the name (or the email), with a random suffix after a collision. */
export function suggestHandle(name: string, email: string, attempt: number): string {
  const base =
    slug(name) || slug(email.split('@')[0] ?? '') || 'user';
  const trimmed = base.slice(0, attempt === 0 ? 30 : 23);
  return attempt === 0 ? padHandle(trimmed) : `${trimmed}_${randomBytes(3).toString('hex')}`;
}

function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_.]+/g, '_')
    .replace(/^[_.]+|[_.]+$/g, '');
}

function padHandle(h: string): string {
  return h.length >= 2 ? h : `${h}_${randomBytes(2).toString('hex')}`;
}
