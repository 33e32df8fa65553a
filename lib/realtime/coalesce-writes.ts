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
 * Frames for one WebSocket that are produced in the same turn of the event loop leave
 * together: in two writes at most, the first frame and then those engine.io holds behind it
 * until the first is written (one write each without this). A message costs its sender `message:sent` and the ack, and a group commit
 * settles many sends at once; written one by one, each frame is its own system call, and
 * on this kind of machine those calls, not the JSON, were most of the server's time under
 * load. The first flush of a turn corks the connection's TCP socket, and one callback at
 * the end of the turn (after the I/O callbacks it runs with) uncorks every corked socket,
 * which hands each one's frames to the kernel together. Long-polling is left alone: its
 * packets already leave together in one HTTP response.
 */
export function coalesceWebSocketWrites(io: Server): void {
  // A new Set each turn, not one cleared each turn: V8 gives a Map or Set that has reached
  // the old generation its new tables there too (on clear and on growth), so one kept for the
  // process left a dead table in the old generation every turn, for a full collection to free.
  let corked: Set<NetSocket> | null = null;
  const release = () => {
    const sockets = corked!;
    corked = null;
    for (const socket of sockets) socket.uncork();
  };
  io.engine.on('flush', (connection: EngineConnection) => {
    // Without a TCP socket to cork, frames simply go as before.
    const socket = tcpSocketOf(connection);
    if (!socket || corked?.has(socket)) return;
    if (corked === null) {
      corked = new Set();
      setImmediate(release);
    }
    socket.cork();
    corked.add(socket);
  });
}
