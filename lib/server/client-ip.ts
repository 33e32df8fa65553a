import type { IncomingMessage } from 'node:http';

/**
 * The header the server itself sets to the caller's address before Next sees a request.
 * Whatever a client sends under this name is overwritten, so route handlers can trust it.
 */
export const CLIENT_IP_HEADER = 'x-collabwire-client-ip';

/** Writes the caller's address into CLIENT_IP_HEADER; behind a trusted proxy, its last X-Forwarded-For hop. */
export function stampClientIp(req: IncomingMessage, trustProxy: boolean): void {
  let ip = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((h) => h.trim()).filter(Boolean);
    // The proxy appends the address it saw: the last hop is the one a client cannot forge.
    if (hops.length > 0) ip = hops[hops.length - 1]!;
  }
  req.headers[CLIENT_IP_HEADER] = ip;
}

/** The caller's address as stamped by the server. */
export function clientIp(headers: { get(name: string): string | null } | Record<string, unknown>): string {
  const value = typeof headers.get === 'function' ? (headers as { get(name: string): string | null }).get(CLIENT_IP_HEADER) : (headers as Record<string, unknown>)[CLIENT_IP_HEADER];
  return typeof value === 'string' && value ? value : 'unknown';
}
