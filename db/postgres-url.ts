/**
 * Postgres URLs as libpq reads them, for postgres-js, which does not: a `host` query
 * parameter takes the place of the URL's host, and when it is a directory
 * (`postgres://postgres@localhost/collabwire?host=/var/run/postgresql`, or
 * `postgres:///collabwire?host=/var/run/postgresql`) it names the Unix socket to connect
 * through. postgres-js would pass `host` on to the server as a setting and fail to connect,
 * so it is taken out here and handed over as the `host` option, from which postgres-js makes
 * the socket's path (`<dir>/.s.PGSQL.<port>`) or resolves the name.
 */
import postgres from 'postgres';

export type PostgresTarget = { url: string; options: { host?: string } };

export function postgresTarget(url: string): PostgresTarget {
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host');
  if (host === null) return { url, options: {} };
  if (host === '') throw new Error('The host parameter of a Postgres URL is empty');
  parsed.searchParams.delete('host');
  return { url: parsed.toString(), options: { host } };
}

/** The same server and credentials, another database (the host parameter kept). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A postgres-js client for `url`, its host parameter (if any) taken as postgresTarget does. */
export function postgresClient(url: string, options: postgres.Options<Record<string, postgres.PostgresType>> = {}): postgres.Sql {
  const target = postgresTarget(url);
  return postgres(target.url, { ...target.options, ...options });
}
