'use client';

import { create } from 'zustand';
import { connectionReducer, initialConnection, type ConnectionEvent, type ConnectionState } from './connection-slice';

export type AppState = {
  connection: ConnectionState;
  dispatchConnection: (event: ConnectionEvent) => void;
};

/** The one client store; components read it through narrow selectors. */
export const useAppStore = create<AppState>()((set) => ({
  connection: initialConnection,
  dispatchConnection: (event) => set((s) => ({ connection: connectionReducer(s.connection, event) })),
}));
