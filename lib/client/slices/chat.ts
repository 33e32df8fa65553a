import type { StateCreator } from 'zustand';
import type { AppState } from '../store';

/** Conversations, messages, typing, presence and the outbox. */
export type ChatSlice = {
  unreadTotal: number;
};

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = () => ({
  unreadTotal: 0,
});
