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

/**
 * The network a caller's address stands for, as a limiter key: an IPv4 address itself (also
 * when written IPv4-mapped), an IPv6 address's /64, which one subscriber usually holds whole.
 * Anything else is returned as it is.
 */
export function networkOf(ip: string): string {
  const address = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const halves = address.split('::');
  if (halves.length > 2) return address;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return address;
  const groups = [...head, ...Array<string>(missing).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return address;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
