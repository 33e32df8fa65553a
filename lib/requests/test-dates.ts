/** A calendar date `days` from now in UTC (YYYY-MM-DD), for tests. */
export function isoDateFromNow(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
