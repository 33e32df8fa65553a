import type { z } from 'zod';
import { identifyCaller, parseBearer } from '../auth/identify';
import type { Identity } from '../auth/tokens';
import { describeIssues } from '../contracts/common';
import { AppError, toAppError } from '../errors';
import { getServices, type Services } from '../services';
import { isSameOriginRequest } from '../security/same-origin';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

type HandlerArgs<Caller> = {
  req: Request;
  services: Services;
  caller: Caller;
  params: Record<string, string>;
};

const MAX_JSON_BYTES = 1_000_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A route handler open to anyone. Errors become the contract's error body. */
export function publicRoute(handler: (args: HandlerArgs<null>) => Promise<Response>) {
  return (req: Request, ctx: RouteContext) => run(req, ctx, false, handler as (a: HandlerArgs<Identity | null>) => Promise<Response>);
}

/** A route handler for signed-in callers (session cookie or bearer token); others get 401. */
export function authedRoute(handler: (args: HandlerArgs<Identity>) => Promise<Response>) {
  return (req: Request, ctx: RouteContext) => run(req, ctx, true, handler as (a: HandlerArgs<Identity | null>) => Promise<Response>);
}

async function run(
  req: Request,
  ctx: RouteContext,
  needsAuth: boolean,
  handler: (args: HandlerArgs<Identity | null>) => Promise<Response>,
): Promise<Response> {
  let services: Services;
  try {
    services = getServices();
  } catch {
    return errorResponse(new AppError('unavailable', 'Service is starting'));
  }
  try {
    let caller: Identity | null = null;
    if (needsAuth) {
      caller = await identifyCaller(
        { authorization: req.headers.get('authorization'), cookie: req.headers.get('cookie') },
        services.config.authSecret,
        services.sessions,
      );
      if (!caller) throw new AppError('unauthorized', 'Sign in or send a valid bearer token');
      // A bearer token is never sent by a browser on its own; a cookie is, so check the origin.
      if (!SAFE_METHODS.has(req.method) && !parseBearer(req.headers.get('authorization')) && !isSameOriginRequest(req.headers, services.config.allowedOrigins, services.config.trustProxy)) {
        throw new AppError('forbidden', 'Cross-origin requests with the session cookie are refused');
      }
    }
    const raw = (await ctx?.params) ?? {};
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') params[k] = v;
    return await services.inFlight.track(() => handler({ req, services, caller, params }));
  } catch (e) {
    const error = toAppError(e);
    services.metrics.errors.inc({ code: error.code, transport: 'rest' });
    if (error.code === 'rate_limited') services.metrics.rateLimited.inc({ limit: new URL(req.url).pathname });
    if (error.code === 'internal' || error.code === 'unavailable') {
      services.logger.error({ err: e, method: req.method, path: new URL(req.url).pathname }, 'request failed');
    }
    return errorResponse(error);
  }
}

export function json(body: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });
}

/** A JSON body already encoded (built in SQL on the hot read paths), sent as `json` sends it. */
export function jsonText(body: string, status = 200): Response {
  return new Response(body, { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

export function errorResponse(error: AppError): Response {
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfter)));
  return json({ error: error.toBody() }, error.status, headers);
}

/** Reads and validates a JSON body; broken JSON, wrong shapes and huge bodies are 400/413 with details. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.infer<S>> {
  const length = Number(req.headers.get('content-length') ?? 0);
  if (length > MAX_JSON_BYTES) throw new AppError('payload_too_large', 'Request body is too large');
  const text = await req.text();
  if (text.length > MAX_JSON_BYTES) throw new AppError('payload_too_large', 'Request body is too large');
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new AppError('invalid_input', 'Request body is not valid JSON');
  }
  return parseInput(schema, value);
}

/** Validates the query string against `schema`. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const params = new URL(req.url).searchParams;
  const value: Record<string, string> = {};
  for (const [k, v] of params) value[k] = v;
  return parseInput(schema, value);
}

export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const details = describeIssues(parsed.error);
    const first = details[0];
    throw new AppError('invalid_input', first ? `${first.path}: ${first.message}` : 'Invalid input', details);
  }
  return parsed.data;
}
