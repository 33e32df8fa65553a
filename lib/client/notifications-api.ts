import { apiCall as call } from './api-client';
import type { AppNotification, NotificationPage } from '../contracts/notifications';
import type { InstagramAccount, LinkInstagramAccountInput } from '../contracts/webhooks';

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
