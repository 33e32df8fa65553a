import type { AppNotification } from '../../contracts/notifications';
import type { InstagramEvent } from '../../contracts/webhooks';
import { notificationsApi } from '../notifications-api';
import type { AppStore } from '../store';
import type { ChatSocket } from '../use-socket';

/** The part of the socket a binder uses; a fake in the unit tests. */
type EventSource = Pick<ChatSocket, 'on' | 'off'>;

/**
 * Feeds the store from the socket's notification events; returns the cleanup, which
 * removes exactly these listeners. Each time the socket is (re)connected it re-reads the
 * newest page: what was created while it was down, or between the bell's first read and
 * the first connection, was never pushed.
 */
export function bindNotifications(socket: EventSource, store: AppStore, api: Pick<typeof notificationsApi, 'list'> = notificationsApi): () => void {
  const dispatch = (...args: Parameters<ReturnType<AppStore['getState']>['dispatchNotifications']>) =>
    store.getState().dispatchNotifications(...args);
  const onNotification = ({ notification }: { notification: AppNotification }) => dispatch({ type: 'received', notification });
  const onWebhookEvent = (event: InstagramEvent) => dispatch({ type: 'instagram_event', event });
  const onRead = (p: { ids?: string[]; upTo?: string; at: string }) => {
    if (p.ids) dispatch({ type: 'marked_read', ids: p.ids, at: p.at });
    else if (p.upTo) dispatch({ type: 'marked_read', upTo: p.upTo, at: p.at });
    else onHello();
  };
  const onHello = () => {
    api
      .list()
      .then((page) => dispatch({ type: 'loaded', page }))
      .catch(() => undefined);
  };
  socket.on('notification:new', onNotification);
  socket.on('webhook:event', onWebhookEvent);
  socket.on('notification:read', onRead);
  socket.on('connection:success', onHello);
  return () => {
    socket.off('notification:new', onNotification);
    socket.off('webhook:event', onWebhookEvent);
    socket.off('notification:read', onRead);
    socket.off('connection:success', onHello);
  };
}
