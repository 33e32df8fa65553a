/** The contract's error body, as the browser sees it. */
export type ApiErrorBody = { code: string; message: string; details?: unknown };

/** A failed call: the contract's error body, or a network failure as `unavailable`. */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly error: ApiErrorBody,
  ) {
    super(error.message);
  }
}

/** One JSON call to our own API; the session cookie authenticates. */
export async function apiCall<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiCallError(0, { code: 'unavailable', message: 'Network error. Check your connection and try again.' });
  }
  if (res.status === 204) return undefined as T;
  const parsed = (await res.json().catch(() => null)) as ({ error?: ApiErrorBody } & T) | null;
  if (!res.ok) {
    throw new ApiCallError(res.status, parsed?.error ?? { code: 'internal', message: `Request failed (${res.status})` });
  }
  return parsed as T;
}
