import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import Negotiator from 'negotiator';
import { GET as historyPage } from '../../app/api/chat/conversations/[id]/messages/route';
import { GET as inbox } from '../../app/api/chat/conversations/route';
import { GET as unreadCount } from '../../app/api/chat/unread-count/route';
import { apiHeaders, commonHeaders } from '../security/response-headers.mjs';

type RouteHandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

/**
 * The reads every client makes on opening and on every reconnect: the inbox, a history page
 * and the unread count. The custom server hands them straight to their route handlers
 * (the same functions Next runs for them: authentication, validation, errors and all) and
 * skips Next's request pipeline, which costs more than the read itself here (see README,
 * Performance). Only GET; everything else, and any path not matched exactly, goes to Next.
 */
const HOT_ROUTES: { pattern: RegExp; handler: RouteHandler; param?: string }[] = [
  { pattern: /^\/api\/chat\/conversations$/, handler: inbox },
  { pattern: /^\/api\/chat\/conversations\/([^/]+)\/messages$/, handler: historyPage, param: 'id' },
  { pattern: /^\/api\/chat\/unread-count$/, handler: unreadCount },
];

/**
 * Bodies from this size go gzipped to clients that accept it. Next gzips every route
 * handler's body, even a dozen bytes that only grow; below this size they go as they are.
 */
const COMPRESS_FROM_BYTES = 1024;
const gzipAsync = promisify(gzip);

/** The route handler for a hot read and its path parameters; null when Next should answer. */
export function matchHotRoute(method: string | undefined, url: string | undefined): { handler: RouteHandler; params: Record<string, string> } | null {
  if (method !== 'GET' || !url) return null;
  const query = url.indexOf('?');
  const path = query === -1 ? url : url.slice(0, query);
  for (const route of HOT_ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    let params: Record<string, string> = {};
    if (route.param) {
      let value: string;
      try {
        value = decodeURIComponent(match[1]!);
      } catch {
        return null; // A malformed escape: Next answers it as it answers any bad path.
      }
      // Dot segments: Next resolves them to another path first.
      if (value === '.' || value === '..') return null;
      params = { [route.param]: value };
    }
    return { handler: route.handler, params };
  }
  return null;
}

/**
 * Answers a hot read with its route handler, with the headers Next would add from
 * next.config.mjs (lib/security/response-headers.mjs) and gzip when the client accepts it.
 */
export async function answerHotRoute(
  req: IncomingMessage,
  res: ServerResponse,
  route: { handler: RouteHandler; params: Record<string, string> },
): Promise<void> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  // As Next: the path against a fixed origin, never the client's Host header.
  const request = new Request(new URL(req.url ?? '/', 'http://localhost'), { method: 'GET', headers });
  const response = await route.handler(request, { params: Promise.resolve(route.params) });
  let body = Buffer.from(await response.arrayBuffer());

  // Only a production build gets here, and `next build` computes its headers as production.
  // As Next: the configured headers win over a handler's own, but for Vary, which adds up.
  for (const { key, value } of [...commonHeaders(true), ...apiHeaders]) res.setHeader(key, value);
  response.headers.forEach((value, key) => {
    if (key === 'vary') res.appendHeader('vary', value);
    else if (!res.hasHeader(key)) res.setHeader(key, value);
  });
  res.appendHeader('vary', 'Accept-Encoding');
  if (body.length >= COMPRESS_FROM_BYTES && new Negotiator({ headers: req.headers }).encoding(['gzip', 'identity']) === 'gzip') {
    body = await gzipAsync(body);
    res.setHeader('content-encoding', 'gzip');
  }
  res.statusCode = response.status;
  res.setHeader('content-length', body.length);
  res.end(body);
}
