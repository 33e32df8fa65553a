/**
 * One SQL statement with positional parameters, beneath Drizzle, prepared once and then
 * only executed. Only the chat hot path uses it: Drizzle's own queries are not prepared on
 * postgres-js (~0.35× the throughput) and are planned anew on every call on PGlite. Rows
 * come back with the database's column names; values keep each driver's own types (a
 * bigint may be a string or a bigint), so callers normalise.
 */
export type RawQuery = <T extends Record<string, unknown> = Record<string, unknown>>(text: string, params: RawParam[]) => Promise<T[]>;
export type RawParam = string | number | boolean | null;

/**
 * The hot statements keep the plan made when they were first run. Left to choose, Postgres
 * planned most of them anew on every call for the call's values (a custom plan), which was a
 * third of a history page's time (p50 on 1M messages: Postgres 1.24 → 0.86 ms, PGlite 2.81 →
 * 1.86 ms). Their best plans do not depend on the values (keys, a page size); EXPLAIN of each
 * against 200,000 users and 100,000 conversations showed index lookups throughout. Only
 * named prepared statements are concerned: Drizzle's queries are planned per call either way.
 */
const HOT_PLAN_CACHE_MODE = 'force_generic_plan';

/**
 * The settings of every session this process opens (the pool, the group commit's connection,
 * PGlite's one session), set as it opens.
 *
 * `random_page_cost`: Postgres prices a page read out of order at 4 against 1 in order, a
 * disk seek; the tables read here are in memory, where the two cost about the same. At 4 the
 * generic plan of the group commit scanned all of `conversations` twice on every batch (to
 * lock and to bump the batch's conversations) for as long as the table held fewer than ~1,200
 * rows, because a plan made once prices a lookup by key for ten keys it cannot see: with 1,200
 * conversations, a batch of one took 420–440 µs of backend CPU against 290–305 µs by key. At
 * 1.1 (the usual setting for data on SSD or in memory) the lookups by key win from ~150 rows on.
 */
export const SESSION_SETTINGS = { plan_cache_mode: HOT_PLAN_CACHE_MODE, random_page_cost: '1.1' } as const;

type PostgresJsLike = { unsafe(text: string, params: never[], options: { prepare: boolean }): PromiseLike<unknown> };
type PgliteLike = { prepared<T>(text: string, params: RawParam[]): Promise<T[]> };

/**
 * postgres-js prepares a named statement per connection and reuses it.
 *
 * The rows are handed over in a plain array and the driver's result is emptied. Something in
 * the driver's promise path kept each result reachable for V8's young-generation collector
 * (never for the full one): every row of every statement was copied at least twice and then
 * promoted, and scavenges grew to 6–14 ms (a loop of history pages on Postgres: ~2 MB of 11
 * survived each scavenge, 90 KB once emptied; PGlite, whose rows come from its thread, never
 * showed it). The pause lands on whichever request or message is in flight.
 */
export function postgresJsQuery(client: PostgresJsLike): RawQuery {
  return async <T,>(text: string, params: RawParam[]) => {
    const result = (await client.unsafe(text, params as never[], { prepare: true })) as T[];
    const rows = result.slice();
    result.length = 0;
    return rows;
  };
}

/**
 * PGlite has one session and no statement cache of its own: its thread keeps a named
 * prepared statement per hot statement and runs it through the wire protocol
 * (db/pglite-prepared.mjs).
 */
export function pgliteQuery(client: PgliteLike): RawQuery {
  return async <T,>(text: string, params: RawParam[]) => {
    for (const value of params) {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('raw query parameters must be finite numbers');
    }
    return client.prepared<T>(text, params);
  };
}
