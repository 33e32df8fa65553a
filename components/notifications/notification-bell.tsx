'use client';

import Link from 'next/link';
import { useEffect, useId, useRef, useState } from 'react';
import type { AppNotification } from '@/lib/contracts/notifications';
import { notificationsApi } from '@/lib/client/notifications-api';
import { describeNotification } from '@/lib/client/slices/notifications';
import { useAppStore } from '@/lib/client/store';

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'short' });

function timeAgo(iso: string, now: number): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
  if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
  return relative.format(Math.round(seconds / 86_400), 'day');
}

const kindIcon: Record<string, string> = { request: '✉︎', message: '💬', instagram: '◎' };

/** The notification center's entry point in the navigation: the unread count and a panel of what happened. */
export function NotificationBell() {
  const unread = useAppStore((s) => s.unreadNotifications);
  const loaded = useAppStore((s) => s.notifications.loaded);
  const items = useAppStore((s) => s.notifications.items);
  const nextCursor = useAppStore((s) => s.notifications.nextCursor);
  const dispatch = useAppStore((s) => s.dispatchNotifications);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // One read when the shell mounts gives the count before anything arrives live.
  useEffect(() => {
    if (useAppStore.getState().notifications.loaded) return;
    let cancelled = false;
    notificationsApi
      .list()
      .then((page) => {
        if (!cancelled) dispatch({ type: 'loaded', page });
      })
      .catch(() => {
        if (!cancelled) setError('Could not load notifications.');
      });
    return () => {
      cancelled = true;
    };
  }, [dispatch]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  async function markRead(ids: string[] | null) {
    setError(null);
    const at = new Date().toISOString();
    const newest = useAppStore.getState().notifications.items[0];
    if (!ids && !newest) return;
    const target = ids ? { ids } : { upTo: newest!.id };
    dispatch({ type: 'marked_read', ...target, at });
    try {
      await notificationsApi.markRead(target);
    } catch {
      setError('Could not mark as read. Try again.');
      notificationsApi
        .list()
        .then((page) => dispatch({ type: 'loaded', page }))
        .catch(() => undefined);
    }
  }

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      dispatch({ type: 'more', page: await notificationsApi.list(nextCursor) });
    } catch {
      setError('Could not load older notifications.');
    } finally {
      setLoadingMore(false);
    }
  }

  // On a phone the panel spans the screen: the bell may sit near either edge.
  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  const now = Date.now();

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        className="relative inline-flex h-9 w-9 items-center justify-center rounded-lg text-muted hover:bg-surface-3 hover:text-text focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent"
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {unread > 0 ? (
          <span
            data-testid="notification-count"
            className="absolute -right-0.5 -top-0.5 inline-flex min-w-4.5 items-center justify-center rounded-full bg-danger px-1 text-[11px] font-semibold leading-4.5 text-white ring-2 ring-surface"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      <span className="sr-only" aria-live="polite">
        {loaded && unread > 0 ? `${unread} unread notifications` : ''}
      </span>
      {open ? (
        <div
          id={panelId}
          role="dialog"
          aria-label="Notifications"
          className="fixed inset-x-3 top-16 z-50 flex max-h-[min(75vh,560px)] flex-col overflow-hidden rounded-xl border border-border bg-surface shadow-xl sm:absolute sm:inset-x-auto sm:right-0 sm:top-full sm:mt-2 sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-border px-4 py-3">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button
              type="button"
              onClick={() => void markRead(null)}
              disabled={unread === 0}
              className="rounded-md px-2 py-1 text-xs font-medium text-accent hover:bg-surface-3 disabled:cursor-default disabled:text-muted disabled:hover:bg-transparent"
            >
              Mark all read
            </button>
          </div>
          {error ? (
            <p role="alert" className="border-b border-border bg-danger/10 px-4 py-2 text-xs text-danger">
              {error}
            </p>
          ) : null}
          <div className="min-h-0 flex-1 overflow-y-auto">
            {!loaded ? (
              <ul aria-label="Loading notifications" className="space-y-3 p-4">
                {[0, 1, 2].map((i) => (
                  <li key={i} className="h-12 animate-pulse rounded-lg bg-surface-3" />
                ))}
              </ul>
            ) : items.length === 0 ? (
              <div className="px-6 py-10 text-center">
                <p className="text-sm font-medium">You’re all caught up</p>
                <p className="mt-1 text-xs text-muted">Requests, messages and Instagram activity will show up here.</p>
              </div>
            ) : (
              <ul className="divide-y divide-border">
                {items.map((n) => (
                  <NotificationItem key={n.id} notification={n} now={now} onRead={(id) => void markRead([id])} onNavigate={() => setOpen(false)} />
                ))}
              </ul>
            )}
            {nextCursor ? (
              <div className="border-t border-border p-2 text-center">
                <button type="button" onClick={() => void loadMore()} disabled={loadingMore} className="rounded-md px-3 py-1.5 text-xs font-medium text-accent hover:bg-surface-3">
                  {loadingMore ? 'Loading…' : 'Show older'}
                </button>
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function NotificationItem({
  notification,
  now,
  onRead,
  onNavigate,
}: {
  notification: AppNotification;
  now: number;
  onRead: (id: string) => void;
  onNavigate: () => void;
}) {
  const { title, body, href } = describeNotification(notification);
  const unread = !notification.readAt;
  const content = (
    <>
      <p className="flex items-center gap-1.5 text-xs font-semibold text-text">
        {title}
        {unread ? <span className="sr-only">(unread)</span> : null}
      </p>
      <p className="mt-0.5 line-clamp-2 break-words text-sm text-text/90">{body}</p>
      <p className="mt-1 text-xs text-muted">
        <time dateTime={notification.createdAt}>{timeAgo(notification.createdAt, now)}</time>
      </p>
    </>
  );
  return (
    <li className={`flex gap-3 px-4 py-3 ${unread ? 'bg-accent/5' : ''}`}>
      <span
        aria-hidden="true"
        className="mt-0.5 inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-full bg-surface-3 text-sm text-muted"
      >
        {kindIcon[notification.kind] ?? '•'}
      </span>
      <div className="min-w-0 flex-1">
        {href ? (
          <Link
            href={href}
            onClick={() => {
              if (unread) onRead(notification.id);
              onNavigate();
            }}
            className="block rounded focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-accent"
          >
            {content}
          </Link>
        ) : (
          content
        )}
      </div>
      {unread ? (
        <div className="flex shrink-0 flex-col items-end gap-2">
          <span aria-hidden="true" className="mt-1.5 h-2 w-2 rounded-full bg-accent" />
          <button
            type="button"
            onClick={() => onRead(notification.id)}
            aria-label={`Mark “${title}” read`}
            className="rounded px-1.5 py-0.5 text-[11px] font-medium text-muted hover:bg-surface-3 hover:text-text"
          >
            Mark read
          </button>
        </div>
      ) : null}
    </li>
  );
}
