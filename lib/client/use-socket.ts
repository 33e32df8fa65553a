'use client';

import { useEffect } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../contracts/events';
import { useAppStore } from './store';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let shared: ChatSocket | null = null;
let users = 0;

/** The tab's one Socket.IO connection, opened while any component uses it. */
export function useSocket(): void {
  const dispatch = useAppStore((s) => s.dispatchConnection);
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
    }
    const socket = shared;
    const onConnect = () => dispatch({ type: 'connected' });
    const onDisconnect = (reason: string) => dispatch({ type: 'disconnected', reason });
    const onError = (err: Error) => dispatch({ type: 'error', message: err.message });
    const onAttempt = (attempt: number) => dispatch({ type: 'reconnect_attempt', attempt });
    socket.on('connect', onConnect);
    socket.on('disconnect', onDisconnect);
    socket.on('connect_error', onError);
    socket.io.on('reconnect_attempt', onAttempt);
    if (socket.connected) onConnect();
    return () => {
      socket.off('connect', onConnect);
      socket.off('disconnect', onDisconnect);
      socket.off('connect_error', onError);
      socket.io.off('reconnect_attempt', onAttempt);
      users--;
      if (users === 0) {
        socket.disconnect();
        shared = null;
      }
    };
  }, [dispatch]);
}
