import type { Socket as NetSocket } from 'node:net';
import type { Server } from 'socket.io';

export type EngineConnection = { transport: { name: string; socket?: { _socket?: NetSocket | null } } };

/** The TCP socket under a WebSocket connection; null for long-polling (or a future ws that hides it). */
export function tcpSocketOf(connection: EngineConnection): NetSocket | null {
  const { transport } = connection;
  if (transport.name !== 'websocket') return null;
  // ws keeps its TCP socket in `_socket`.
  const socket = transport.socket?._socket;
  return socket && typeof socket.cork === 'function' && !socket.destroyed ? socket : null;
}

/**
 * Frames for one WebSocket that are produced in the same turn of the event loop leave in
 * one write. A message costs its sender `message:sent` and the ack, and a group commit
 * settles many sends at once; written one by one, each frame is its own system call, and
 * on this kind of machine those calls, not the JSON, were most of the server's time under
 * load. The first flush of a turn corks the connection's TCP socket, and one callback at
 * the end of the turn (after the I/O callbacks it runs with) uncorks every corked socket,
 * which hands each one's frames to the kernel together. Long-polling is left alone: its
 * packets already leave together in one HTTP response.
 */
export function coalesceWebSocketWrites(io: Server): void {
  const corked = new Set<NetSocket>();
  let scheduled = false;
  const release = () => {
    scheduled = false;
    const sockets = [...corked];
    corked.clear();
    for (const socket of sockets) socket.uncork();
  };
  io.engine.on('flush', (connection: EngineConnection) => {
    // Without a TCP socket to cork, frames simply go as before.
    const socket = tcpSocketOf(connection);
    if (!socket || corked.has(socket)) return;
    socket.cork();
    corked.add(socket);
    if (!scheduled) {
      scheduled = true;
      setImmediate(release);
    }
  });
}
