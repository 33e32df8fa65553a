import { describe, expect, it } from 'vitest';
import type { AppNotification } from '../../contracts/notifications';
import { describeNotification, initialNotifications, notificationsReducer, type NotificationsState } from './notifications';

const n = (id: string, createdAt: string, readAt: string | null = null, kind = 'instagram', payload: Record<string, unknown> = {}): AppNotification => ({
  id,
  kind,
  payload,
  readAt,
  createdAt,
});
const page = (notifications: AppNotification[], unreadCount: number, nextCursor: string | null = null) => ({ notifications, unreadCount, nextCursor });

describe('[CLIENT] notifications state', () => {
  it('takes the server’s count from the first page', () => {
    const s = notificationsReducer(initialNotifications, { type: 'loaded', page: page([n('b', '2026-01-02'), n('a', '2026-01-01')], 7, 'a') });
    expect(s).toMatchObject({ unread: 7, loaded: true, nextCursor: 'a' });
    expect(s.items.map((i) => i.id)).toEqual(['b', 'a']);
  });

  it('counts a live notification once, however often it arrives', () => {
    let s = notificationsReducer(initialNotifications, { type: 'loaded', page: page([], 0) });
    s = notificationsReducer(s, { type: 'received', notification: n('x', '2026-01-03') });
    s = notificationsReducer(s, { type: 'received', notification: n('x', '2026-01-03') });
    expect(s.unread).toBe(1);
    expect(s.items).toHaveLength(1);
  });

  it('keeps a live notification that arrived before the first page, without counting it twice', () => {
    let s = notificationsReducer(initialNotifications, { type: 'received', notification: n('live', '2026-01-05') });
    s = notificationsReducer(s, { type: 'received', notification: n('both', '2026-01-04') });
    // The page already holds "both" (and counts it); "live" came after the server read.
    s = notificationsReducer(s, { type: 'loaded', page: page([n('both', '2026-01-04'), n('old', '2026-01-01', '2026-01-02')], 1) });
    expect(s.items.map((i) => i.id)).toEqual(['live', 'both', 'old']);
    expect(s.unread).toBe(2);
  });

  it('appends older pages in order without duplicates', () => {
    let s = notificationsReducer(initialNotifications, { type: 'loaded', page: page([n('c', '2026-01-03'), n('b', '2026-01-02')], 3, 'b') });
    s = notificationsReducer(s, { type: 'more', page: page([n('b', '2026-01-02'), n('a', '2026-01-01')], 3, null) });
    expect(s.items.map((i) => i.id)).toEqual(['c', 'b', 'a']);
    expect(s.nextCursor).toBeNull();
    expect(s.unread).toBe(3);
  });

  it('marks one read, then all read', () => {
    let s: NotificationsState = notificationsReducer(initialNotifications, {
      type: 'loaded',
      page: page([n('b', '2026-01-02'), n('a', '2026-01-01')], 2),
    });
    s = notificationsReducer(s, { type: 'marked_read', ids: ['a'], at: '2026-01-09' });
    expect(s.unread).toBe(1);
    expect(s.items.find((i) => i.id === 'a')!.readAt).toBe('2026-01-09');
    s = notificationsReducer(s, { type: 'marked_read', ids: ['a'], at: '2026-01-10' });
    expect(s.unread).toBe(1);
    s = notificationsReducer(s, { type: 'marked_read', upTo: 'b', at: '2026-01-10' });
    expect(s.unread).toBe(0);
    expect(s.items.every((i) => i.readAt)).toBe(true);
  });

  it('keeps a notification that arrived during "mark all read" unread', () => {
    let s = notificationsReducer(initialNotifications, { type: 'loaded', page: page([n('b', '2026-01-02'), n('a', '2026-01-01')], 9) });
    s = notificationsReducer(s, { type: 'received', notification: n('c', '2026-01-03') });
    // "Mark all read" was pressed while "b" was the newest shown; older unloaded pages are read too.
    s = notificationsReducer(s, { type: 'marked_read', upTo: 'b', at: '2026-01-10' });
    expect(s.unread).toBe(1);
    expect(s.items.map((i) => [i.id, i.readAt])).toEqual([
      ['c', null],
      ['b', '2026-01-10'],
      ['a', '2026-01-10'],
    ]);
  });

  it('keeps the newest Instagram events once each', () => {
    const event = { id: '1', eventType: 'comments' as const, sender: { id: 's', username: 'u' }, content: 'hi', timestamp: 't', accountId: 'acc' };
    let s = notificationsReducer(initialNotifications, { type: 'instagram_event', event });
    s = notificationsReducer(s, { type: 'instagram_event', event });
    s = notificationsReducer(s, { type: 'instagram_event', event: { ...event, id: '2' } });
    expect(s.instagramEvents.map((e) => e.id)).toEqual(['2', '1']);
  });
});

describe('[CLIENT] describing notifications', () => {
  it('says who did what to which request', () => {
    expect(describeNotification(n('1', 't', null, 'request', { requestId: 'r', title: 'Summer drop', status: 'pending', actorName: 'Acme' }))).toMatchObject({
      body: 'Acme sent you a request: “Summer drop”',
      href: '/requests',
    });
    expect(describeNotification(n('1', 't', null, 'request', { title: 'Summer drop', status: 'accepted', actorName: 'Maya' })).body).toBe(
      'Maya accepted “Summer drop”',
    );
  });

  it('quotes Instagram content with the sender’s handle', () => {
    const d = describeNotification(
      n('1', 't', null, 'instagram', { eventType: 'comments', sender: { id: '1', username: 'fan' }, content: 'Love it', accountId: 'a' }),
    );
    expect(d).toMatchObject({ title: 'Instagram comment', body: '@fan commented: “Love it”' });
    expect(describeNotification(n('1', 't', null, 'instagram', { eventType: 'mentions', sender: { id: '', username: null }, content: '' })).body).toBe(
      'Someone mentioned you',
    );
  });

  it('never throws on a payload it does not know', () => {
    expect(describeNotification(n('1', 't', null, 'mystery', { x: 1 }))).toMatchObject({ title: 'Notification' });
    expect(describeNotification(n('1', 't', null, 'message', {}))).toMatchObject({ body: 'New message', href: '/inbox' });
  });
});
