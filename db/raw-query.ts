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
export const HOT_PLAN_CACHE_MODE = 'force_generic_plan';

type PostgresJsLike = { unsafe(text: string, params: never[], options: { prepare: boolean }): PromiseLike<unknown> };
type PgliteLike = { query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }> };

/** postgres-js prepares a named statement per connection and reuses it. */
export function postgresJsQuery(client: PostgresJsLike): RawQuery {
  return async <T,>(text: string, params: RawParam[]) => (await client.unsafe(text, params as never[], { prepare: true })) as T[];
}

/**
 * PGlite has one session and no statement cache of its own: PREPARE each statement once,
 * then EXECUTE it. EXECUTE takes no bind parameters, so values go in as SQL literals,
 * quoted below with standard_conforming_strings on (set at PREPARE), where doubling the
 * quote is the whole escape; the statement's own casts give them their types.
 */
export function pgliteQuery(client: PgliteLike): RawQuery {
  // The name is taken and the PREPARE started at once, so two first calls of one statement
  // at the same time share one PREPARE instead of racing for the same name.
  const prepared = new Map<string, Promise<string>>();
  let count = 0;
  let ready: Promise<unknown> | undefined;
  const prepare = async (text: string, name: string) => {
    ready ??= client.query('set standard_conforming_strings = on').then(() => client.query(`set plan_cache_mode = ${HOT_PLAN_CACHE_MODE}`));
    await ready;
    await client.query(`prepare ${name} as ${text}`);
    return name;
  };
  return async <T,>(text: string, params: RawParam[]) => {
    let name = prepared.get(text);
    if (!name) {
      name = prepare(text, `collabwire_hot_${++count}`);
      prepared.set(text, name);
      // A failed PREPARE (a bad statement) is not kept: the next call tries again and fails alike.
      name.catch(() => prepared.delete(text));
    }
    const args = params.map(literal).join(', ');
    const statement = await name;
    return (await client.query<T>(params.length ? `execute ${statement}(${args})` : `execute ${statement}`)).rows;
  };
}

function literal(value: RawParam): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('raw query parameters must be finite numbers');
    return String(value);
  }
  if (value.includes('\u0000')) throw new Error('raw query parameters cannot contain NUL');
  return `'${value.replace(/'/g, "''")}'`;
}
