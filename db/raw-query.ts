/**
 * One SQL statement with positional parameters, beneath Drizzle. Only the chat hot path
 * uses it: on postgres-js the statement is prepared once per connection (Drizzle's own
 * queries are not, which costs them ~0.35× the throughput), and on PGlite it skips
 * Drizzle's row mapping. Rows come back with the database's column names; values keep
 * each driver's own types (bigint may be a string or a bigint), so callers normalise.
 */
export type RawQuery = <T extends Record<string, unknown> = Record<string, unknown>>(text: string, params: unknown[]) => Promise<T[]>;

type PostgresJsLike = { unsafe(text: string, params: never[], options: { prepare: boolean }): PromiseLike<unknown> };
type PgliteLike = { query<T>(text: string, params: unknown[]): Promise<{ rows: T[] }> };

export function postgresJsQuery(client: PostgresJsLike): RawQuery {
  return async <T,>(text: string, params: unknown[]) => (await client.unsafe(text, params as never[], { prepare: true })) as T[];
}

export function pgliteQuery(client: PgliteLike): RawQuery {
  return async <T,>(text: string, params: unknown[]) => (await client.query<T>(text, params)).rows;
}
