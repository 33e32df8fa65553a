import type { StateCreator } from 'zustand';
import type { AppNotification, NotificationPage } from '../../contracts/notifications';
import type { InstagramEvent } from '../../contracts/webhooks';
import type { AppState } from '../store';

export type NotificationsState = {
  /** Newest first, each id once. */
  items: AppNotification[];
  unread: number;
  /** Where the next older page starts; null when everything is here. */
  nextCursor: string | null;
  /** Set once the first page arrived: until then the count is not known. */
  loaded: boolean;
  /** Instagram events seen live in this tab, newest first (the settings page's activity list). */
  instagramEvents: InstagramEvent[];
};

export type NotificationsEvent =
  /** The newest page, read when the bell mounts or after a reconnect. */
  | { type: 'loaded'; page: NotificationPage }
  /** An older page, appended. */
  | { type: 'more'; page: NotificationPage }
  | { type: 'received'; notification: AppNotification }
  /**
   * Either these ids, or everything up to and including `upTo` (and older, loaded or not).
   * The count is worked out here: the server's answer may predate a notification that
   * arrived meanwhile.
   */
  | { type: 'marked_read'; ids: readonly string[]; at: string }
  | { type: 'marked_read'; upTo: string; at: string }
  | { type: 'instagram_event'; event: InstagramEvent };

export const initialNotifications: NotificationsState = { items: [], unread: 0, nextCursor: null, loaded: false, instagramEvents: [] };

const MAX_INSTAGRAM_EVENTS = 50;

const byNewest = (a: AppNotification, b: AppNotification) =>
  a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0;

export function notificationsReducer(state: NotificationsState, event: NotificationsEvent): NotificationsState {
  switch (event.type) {
    case 'loaded': {
      const { page } = event;
      const inPage = new Set(page.notifications.map((n) => n.id));
      const newest = page.notifications[0]?.createdAt ?? '';
      // Live ones that arrived while the page was on its way are newer than it and not in it;
      // the server's count could not include them.
      const live = state.items.filter((n) => !inPage.has(n.id) && n.createdAt > newest);
      const liveUnread = live.filter((n) => !n.readAt).length;
      return {
        ...state,
        items: [...live, ...page.notifications].sort(byNewest),
        unread: page.unreadCount + liveUnread,
        nextCursor: page.nextCursor,
        loaded: true,
      };
    }
    case 'more': {
      const known = new Set(state.items.map((n) => n.id));
      const older = event.page.notifications.filter((n) => !known.has(n.id));
      return { ...state, items: [...state.items, ...older].sort(byNewest), nextCursor: event.page.nextCursor };
    }
    case 'received': {
      const n = event.notification;
      if (state.items.some((i) => i.id === n.id)) return state;
      return { ...state, items: [n, ...state.items].sort(byNewest), unread: state.unread + (n.readAt ? 0 : 1) };
    }
    case 'marked_read': {
      if ('ids' in event) {
        const ids = new Set(event.ids);
        let newlyRead = 0;
        const items = state.items.map((n) => {
          if (n.readAt || !ids.has(n.id)) return n;
          newlyRead++;
          return { ...n, readAt: event.at };
        });
        return newlyRead === 0 ? state : { ...state, items, unread: Math.max(0, state.unread - newlyRead) };
      }
      const cut = state.items.findIndex((n) => n.id === event.upTo);
      if (cut < 0) return state;
      const items = state.items.map((n, i) => (i < cut || n.readAt ? n : { ...n, readAt: event.at }));
      // Everything from `upTo` down is read on the server, pages not loaded included.
      return { ...state, items, unread: items.slice(0, cut).filter((n) => !n.readAt).length };
    }
    case 'instagram_event': {
      if (state.instagramEvents.some((e) => e.id === event.event.id && e.accountId === event.event.accountId && e.eventType === event.event.eventType)) {
        return state;
      }
      return { ...state, instagramEvents: [event.event, ...state.instagramEvents].slice(0, MAX_INSTAGRAM_EVENTS) };
    }
  }
}

/** A one-line, human description of a notification, whatever its kind. */
export function describeNotification(n: AppNotification): { title: string; body: string; href: string | null } {
  const p = n.payload;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (n.kind) {
    case 'request': {
      const title = str(p.title) || 'a collaboration request';
      const actor = str(p.actorName);
      const verbs: Record<string, string> = {
        pending: 'sent you a request',
        countered: 'countered',
        accepted: 'accepted',
        rejected: 'declined',
        withdrew: 'withdrew',
        withdrawn: 'withdrew',
      };
      const status = str(p.status);
      if (status === 'expired') return { title: 'Request expired', body: `“${title}” expired without an answer`, href: '/requests' };
      const verb = verbs[status] ?? `updated (${status || 'changed'})`;
      return {
        title: status === 'pending' ? 'New collaboration request' : `Request ${status || 'updated'}`,
        body: status === 'pending' ? `${actor || 'A brand'} ${verb}: “${title}”` : `${actor || 'Someone'} ${verb} “${title}”`,
        href: '/requests',
      };
    }
    case 'message': {
      const sender = p.sender && typeof p.sender === 'object' ? str((p.sender as Record<string, unknown>).name) : '';
      const message = p.message && typeof p.message === 'object' ? (p.message as Record<string, unknown>) : p;
      const content = str(message.content) || str(p.preview) || 'New message';
      const conversationId = str(p.conversationId) || str(message.conversationId);
      const count = typeof p.count === 'number' && p.count > 1 ? p.count : 1;
      return {
        title: `${count > 1 ? `${count} messages` : 'Message'}${sender || str(p.senderName) ? ` from ${sender || str(p.senderName)}` : ''}`,
        body: content,
        href: conversationId ? `/inbox/${conversationId}` : '/inbox',
      };
    }
    case 'instagram': {
      const sender = p.sender && typeof p.sender === 'object' ? (p.sender as Record<string, unknown>) : {};
      const who = str(sender.username) ? `@${str(sender.username)}` : 'Someone';
      const content = str(p.content);
      const labels: Record<string, [string, string]> = {
        comments: ['Instagram comment', `${who} commented`],
        live_comments: ['Instagram live comment', `${who} commented on your live`],
        messages: ['Instagram message', `${who} sent you a message`],
        mentions: ['Instagram mention', `${who} mentioned you`],
      };
      const [title, lead] = labels[str(p.eventType)] ?? ['Instagram activity', `${who} interacted with your account`];
      return { title, body: content ? `${lead}: “${content}”` : lead, href: '/settings' };
    }
    default:
      return { title: 'Notification', body: str(p.title) || str(p.message) || 'Something happened', href: null };
  }
}

/** Persisted notifications (requests, messages, Instagram events). */
export type NotificationsSlice = {
  notifications: NotificationsState;
  /** The bell's count. */
  unreadNotifications: number;
  setUnreadNotifications: (n: number) => void;
  dispatchNotifications: (event: NotificationsEvent) => void;
};

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = (set) => ({
  notifications: initialNotifications,
  unreadNotifications: 0,
  setUnreadNotifications: (n) => set((s) => ({ unreadNotifications: n, notifications: { ...s.notifications, unread: n } })),
  dispatchNotifications: (event) =>
    set((s) => {
      const notifications = notificationsReducer(s.notifications, event);
      return notifications === s.notifications ? {} : { notifications, unreadNotifications: notifications.unread };
    }),
});
