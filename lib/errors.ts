/** The error codes of the wire contract, with their HTTP status. */
export const errorStatus = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_input: 400,
  invalid_state: 409,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorBody = { code: ErrorCode; message: string; details?: unknown };

/** An expected failure that a client caused or can act on; never logged as a crash. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds until a retry may succeed (rate limits). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get status(): number {
    return errorStatus[this.code];
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof Error && e.name === 'AppError' && 'code' in e;

/** True for errors that mean the database cannot be reached right now. */
export function isUnavailableError(e: unknown): boolean {
  // Drizzle wraps driver errors (DrizzleQueryError) with the original as `cause`.
  let current: unknown = e;
  for (let i = 0; i < 4 && current instanceof Error; i++) {
    if (isUnavailableCause(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function isUnavailableCause(e: Error): boolean {
  const code = (e as { code?: string }).code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === 'CONNECT_TIMEOUT' ||
    code === 'CONNECTION_CLOSED' ||
    code === 'CONNECTION_ENDED' ||
    code === 'CONNECTION_DESTROYED' ||
    code === '57P01' ||
    code === '57P03' ||
    /PGlite is clos(ed|ing)/i.test(e.message)
  );
}

/** Maps any thrown value to the wire error; unknown errors become `internal`. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  if (isUnavailableError(e)) return new AppError('unavailable', 'Service temporarily unavailable');
  return new AppError('internal', 'Something went wrong');
}

/** The SQLSTATE of a Postgres error, also when a driver or Drizzle wrapped it. */
export function pgErrorCode(e: unknown): string | undefined {
  return findPgError(e)?.code;
}

/** Postgres unique_violation, optionally on one named constraint. */
export function isUniqueViolation(e: unknown, constraint?: string): boolean {
  const err = findPgError(e);
  if (!err || err.code !== '23505') return false;
  return constraint === undefined || err.constraint_name === constraint || err.constraint === constraint;
}

type PgError = { code?: string; constraint_name?: string; constraint?: string };

function findPgError(e: unknown): PgError | undefined {
  // Drizzle wraps driver errors in DrizzleQueryError with the original as `cause`.
  let current: unknown = e;
  for (let i = 0; i < 4 && current && typeof current === 'object'; i++) {
    const c = current as PgError & { cause?: unknown };
    if (typeof c.code === 'string' && /^[0-9A-Z]{5}$/.test(c.code)) return c;
    current = c.cause;
  }
  return undefined;
}
