import type { StateCreator } from 'zustand';
import type { AppState } from '../store';

/** Collaboration requests the signed-in user is a party to. */
export type RequestsSlice = {
  /** Pending requests waiting for this user's answer (the navigation badge). */
  pendingIncoming: number;
  setPendingIncoming: (n: number) => void;
};

export const createRequestsSlice: StateCreator<AppState, [], [], RequestsSlice> = (set) => ({
  pendingIncoming: 0,
  setPendingIncoming: (n) => set({ pendingIncoming: n }),
});
