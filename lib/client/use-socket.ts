'use client';

import { useEffect } from 'react';
import { io } from 'socket.io-client';
import { bindChat } from './bindings/chat';
import { bindNotifications } from './bindings/notifications';
import { bindRequests } from './bindings/requests';
import { setSocket, type ChatSocket } from './socket-holder';
import { useAppStore } from './store';

export type { ChatSocket } from './socket-holder';
export { getSocket } from './socket-holder';

let shared: ChatSocket | null = null;
let users = 0;

/**
 * Owns the tab's one Socket.IO connection while the signed-in shell is mounted and feeds
 * every server event into the store. Listeners are added once and removed by reference.
 */
export function useSocket(): void {
  useEffect(() => {
    users++;
    if (!shared) {
      // The session cookie authenticates the handshake; reconnection backs off with jitter.
      shared = io('/chat', {
        withCredentials: true,
        reconnectionDelay: 500,
        reconnectionDelayMax: 10_000,
        randomizationFactor: 0.5,
      });
      setSocket(shared);
    }
    const socket = shared;
    const dispatch = useAppStore.getState().dispatchConnection;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const onConnect = () => dispatch({ type: 'connected' });
    const onDisconnect = (reason: string) => {
      dispatch({ type: 'disconnected', reason });
      // The server closed this socket (a restart, or the session was ended): the client does
      // not come back by itself after that. Try again shortly; a refused handshake then tells.
      if (reason === 'io server disconnect') {
        clearTimeout(retry);
        retry = setTimeout(() => socket.connect(), 500 + Math.random() * 1000);
      }
    };
    const onError = (err: Error) => {
      // The session is over (signed out everywhere, expired, or the account is gone).
      if (err.message === 'unauthorized') {
        socket.disconnect();
        window.location.assign('/sign-in?session=ended');
        return;
      }
      dispatch({ type: 'error', message: err.message });
    };
    const onAttempt = (attempt: number) => dispatch({ type: 'reconnect_attempt', attempt });
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onError);
    socket.io.on('reconnect_attempt', onAttempt);
    const unbind = [bindChat(socket, useAppStore), bindRequests(socket, useAppStore), bindNotifications(socket, useAppStore)];
    if (socket.connected) onConnect();
    return () => {
      clearTimeout(retry);
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onError);
      socket.io.off('reconnect_attempt', onAttempt);
      unbind.forEach((fn) => fn());
      users--;
      if (users === 0) {
        socket.disconnect();
        shared = null;
        setSocket(null);
      }
    };
  }, []);
}
