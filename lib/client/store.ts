'use client';

import { create } from 'zustand';
import { createChatSlice, type ChatSlice } from './slices/chat';
import { createConnectionSlice, type ConnectionSlice } from './slices/connection';
import { createNotificationsSlice, type NotificationsSlice } from './slices/notifications';
import { createRequestsSlice, type RequestsSlice } from './slices/requests';

export type AppState = ConnectionSlice & RequestsSlice & NotificationsSlice & ChatSlice;

/** The one client store; components read it through narrow selectors and call its actions. */
export const useAppStore = create<AppState>()((...a) => ({
  ...createConnectionSlice(a[0]),
  ...createRequestsSlice(...a),
  ...createNotificationsSlice(...a),
  ...createChatSlice(...a),
}));

export type AppStore = typeof useAppStore;
