import type { RawQuery } from '../../db/raw-query';
import { ZUuid } from '../contracts/common';
import type { Identity } from './tokens';

type Known = { generation: number; checkedAt: number };

export type SessionGenerationsOptions = {
  /** How long a generation read from the database is trusted before it is read again. */
  ttlMs?: number;
  /** Users remembered at most; the least recently used go first. */
  max?: number;
  now?: () => number;
};

/** Users read per statement by refresh(). */
const REFRESH_CHUNK = 1000;

/** A token's subject is a uuid unless the token is not one of ours. */
const isUuid = (id: string) => ZUuid.safeParse(id).success;

/**
 * Each user's session generation (`users.session_generation`), as this process knows it. A
 * token or session is accepted while it was issued under its user's current generation;
 * signing out everywhere moves the generation on (`revoke`), which ends every token and
 * session issued so far at once, whatever their expiry.
 *
 * Decrypting a token needs no database, so this is the one read an authenticated request
 * adds: once per user, then again when `ttlMs` has passed. With Redis, every process hears a
 * revocation at once (`learn`); a process that cannot hear it (Redis down) still reads the
 * new generation within `ttlMs`. A generation only ever moves forward here, so a read that
 * started before a revocation cannot bring the old one back.
 */
export class SessionGenerations {
  readonly #query: RawQuery;
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #known = new Map<string, Known>();
  readonly #reading = new Map<string, Promise<number | null>>();

  constructor(query: RawQuery, options: SessionGenerationsOptions = {}) {
    this.#query = query;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#max = options.max ?? 100_000;
    this.#now = options.now ?? Date.now;
  }

  /** Whether the identity's user still exists and its token was issued under the current generation. */
  async accepts(identity: Pick<Identity, 'userId' | 'generation'>): Promise<boolean> {
    const current = await this.current(identity.userId);
    return current !== null && identity.generation >= current;
  }

  /** The generation known here without asking the database; undefined when not known. */
  known(userId: string): number | undefined {
    return this.#known.get(userId)?.generation;
  }

  /** The user's current generation; null when there is no such user. */
  current(userId: string): Promise<number | null> {
    const known = this.#known.get(userId);
    if (known && this.#now() - known.checkedAt < this.#ttlMs) {
      // Re-inserting keeps the Map's order least recently used first.
      this.#known.delete(userId);
      this.#known.set(userId, known);
      return Promise.resolve(known.generation);
    }
    let reading = this.#reading.get(userId);
    if (!reading) {
      reading = this.#read(userId).finally(() => this.#reading.delete(userId));
      this.#reading.set(userId, reading);
    }
    return reading;
  }

  /** Records a generation heard of (a revocation here or on another process); never goes back. */
  learn(userId: string, generation: number): number {
    const known = this.#known.get(userId);
    const value = Math.max(generation, known?.generation ?? generation);
    this.#known.delete(userId);
    this.#known.set(userId, { generation: value, checkedAt: this.#now() });
    if (this.#known.size > this.#max) this.#known.delete(this.#known.keys().next().value!);
    return value;
  }

  /**
   * Reads the generations of many users in one statement (users that no longer exist are
   * left out). A process calls it for the users it holds live connections of, so a revocation
   * whose message it never heard still reaches them.
   */
  async refresh(userIds: readonly string[]): Promise<void> {
    const ids = userIds.filter((id) => isUuid(id));
    for (let i = 0; i < ids.length; i += REFRESH_CHUNK) {
      const rows = await this.#query<{ id: string; session_generation: number }>(
        'select id, session_generation from users where id = any(string_to_array($1, \',\')::uuid[])',
        [ids.slice(i, i + REFRESH_CHUNK).join(',')],
      );
      for (const row of rows) this.learn(row.id, Number(row.session_generation));
    }
  }

  /**
   * Moves the user's generation on: every token and session issued until now is refused from
   * here on. The new generation, or null when the user does not exist.
   */
  async revoke(userId: string): Promise<number | null> {
    if (!isUuid(userId)) return null;
    const [row] = await this.#query<{ session_generation: number }>(
      'update users set session_generation = session_generation + 1 where id = $1::uuid returning session_generation',
      [userId],
    );
    return row ? this.learn(userId, Number(row.session_generation)) : null;
  }

  async #read(userId: string): Promise<number | null> {
    if (!isUuid(userId)) return null;
    const [row] = await this.#query<{ session_generation: number }>('select session_generation from users where id = $1::uuid', [userId]);
    if (!row) {
      this.#known.delete(userId);
      return null;
    }
    return this.learn(userId, Number(row.session_generation));
  }
}
