/**
 * Whether a browser request comes from our own pages (or an ALLOWED_ORIGINS page). The
 * session cookie rides along with any cross-site form or fetch, so a cookie-authenticated
 * mutation must prove where it came from. Browsers send Origin on every cross-origin POST,
 * PUT and DELETE; without it, Sec-Fetch-Site tells; a request with neither is not from a
 * modern browser and cannot be a cross-site forgery.
 */
export function isSameOriginRequest(
  headers: { get(name: string): string | null },
  allowedOrigins: readonly string[],
  /** Behind a reverse proxy the public host arrives in X-Forwarded-Host. */
  trustProxy = false,
): boolean {
  const origin = headers.get('origin');
  if (origin && origin !== 'null') {
    if (allowedOrigins.includes(origin)) return true;
    try {
      const host = (trustProxy ? headers.get('x-forwarded-host') : null) ?? headers.get('host');
      return host !== null && new URL(origin).host === host;
    } catch {
      return false;
    }
  }
  if (origin === 'null') return false;
  const site = headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}
