import type { StateCreator } from 'zustand';
import type { AppState } from '../store';

/** Persisted notifications (requests, messages, Instagram events). */
export type NotificationsSlice = {
  unreadNotifications: number;
  setUnreadNotifications: (n: number) => void;
};

export const createNotificationsSlice: StateCreator<AppState, [], [], NotificationsSlice> = (set) => ({
  unreadNotifications: 0,
  setUnreadNotifications: (n) => set({ unreadNotifications: n }),
});
