import type { CollaborationRequest } from '../../contracts/requests';
import { requestsApi } from '../requests-api';
import type { AppStore } from '../store';
import type { ChatSocket } from '../use-socket';

/**
 * Feeds the store from the socket's request events; returns the cleanup. After a
 * reconnect it re-reads the open requests, since events sent while away are gone (closed ones too, so no stale copy lingers).
 */
export function bindRequests(socket: ChatSocket, store: AppStore): () => void {
  const dispatch = store.getState().dispatchRequests;
  let connections = 0;
  const onChange = ({ request }: { request: CollaborationRequest }) => dispatch({ type: 'received', request, source: 'live' });
  const onHello = ({ userId }: { userId: string }) => {
    dispatch({ type: 'identified', userId });
    if (connections++ === 0) return;
    requestsApi
      .list('?limit=200')
      .then((requests) => dispatch({ type: 'loaded', requests }))
      .catch(() => undefined);
  };
  socket.on('request:new', onChange);
  socket.on('request:updated', onChange);
  socket.on('connection:success', onHello);
  return () => {
    socket.off('request:new', onChange);
    socket.off('request:updated', onChange);
    socket.off('connection:success', onHello);
  };
}
