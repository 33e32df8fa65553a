import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { AppNotification } from '../../contracts/notifications';
import { createNotificationsSlice } from '../slices/notifications';
import type { AppStore } from '../store';
import { bindNotifications } from './notifications';

function setup() {
  const store = createStore(createNotificationsSlice as any) as unknown as AppStore;
  const socket = new EventEmitter();
  const lists: number[] = [];
  const api = {
    list: async () => {
      lists.push(1);
      return { notifications: [], unreadCount: 5, nextCursor: null };
    },
  };
  const unbind = bindNotifications(socket as any, store, api as any);
  return { store, socket, unbind, lists };
}

const notification: AppNotification = { id: 'n1', kind: 'instagram', payload: {}, readAt: null, createdAt: '2026-01-01T00:00:00.000Z' };

describe('[CLIENT] notifications binding', () => {
  it('feeds notification:new and webhook:event into the store', () => {
    const { store, socket } = setup();
    socket.emit('notification:new', { notification });
    socket.emit('webhook:event', { id: 'e', eventType: 'comments', sender: { id: '1', username: null }, content: '', timestamp: 't', accountId: 'a' });
    expect(store.getState().unreadNotifications).toBe(1);
    expect(store.getState().notifications.instagramEvents).toHaveLength(1);
  });

  it('re-reads the newest page on every connection, since nothing is pushed while it is down', async () => {
    const { store, socket, lists } = setup();
    socket.emit('connection:success', {});
    await new Promise((r) => setTimeout(r, 0));
    expect(lists).toHaveLength(1);
    expect(store.getState().unreadNotifications).toBe(5);
    socket.emit('connection:success', {});
    expect(lists).toHaveLength(2);
  });

  it('removes exactly its own listeners on cleanup', () => {
    const { socket, unbind } = setup();
    const other = () => {};
    socket.on('notification:new', other);
    unbind();
    expect(socket.listenerCount('webhook:event')).toBe(0);
    expect(socket.listenerCount('connection:success')).toBe(0);
    expect(socket.listeners('notification:new')).toEqual([other]);
  });
});
