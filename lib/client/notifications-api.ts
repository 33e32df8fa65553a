import type { AppNotification, NotificationPage } from '../contracts/notifications';
import type { InstagramAccount, LinkInstagramAccountInput } from '../contracts/webhooks';

export type NotificationsApiErrorBody = { code: string; message: string; details?: unknown };

/** A failed call: the contract's error body, or a network failure as `unavailable`. */
export class NotificationsApiError extends Error {
  constructor(readonly status: number, readonly error: NotificationsApiErrorBody) {
    super(error.message);
  }
}

async function call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new NotificationsApiError(0, { code: 'unavailable', message: 'Network error. Check your connection and try again.' });
  }
  if (res.status === 204) return undefined as T;
  const parsed = (await res.json().catch(() => null)) as ({ error?: NotificationsApiErrorBody } & T) | null;
  if (!res.ok) {
    throw new NotificationsApiError(res.status, parsed?.error ?? { code: 'internal', message: `Request failed (${res.status})` });
  }
  return parsed as T;
}

/** The browser's side of the notifications and linked-accounts REST API (the session cookie authenticates). */
export const notificationsApi = {
  list: (cursor?: string | null, limit = 20) =>
    call<NotificationPage>('GET', `/api/notifications?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  markRead: (target: { ids: readonly AppNotification['id'][] } | { upTo: AppNotification['id'] }) =>
    call<{ unreadCount: number }>('POST', '/api/notifications/read', target),
  accounts: () => call<{ accounts: InstagramAccount[] }>('GET', '/api/instagram/accounts').then((r) => r.accounts),
  link: (input: LinkInstagramAccountInput) =>
    call<{ account: InstagramAccount }>('POST', '/api/instagram/accounts', input).then((r) => r.account),
  unlink: (accountId: string) => call<void>('DELETE', `/api/instagram/accounts/${encodeURIComponent(accountId)}`),
};
