import type { Socket as NetSocket } from 'node:net';
import type { Server } from 'socket.io';

export type EngineConnection = { transport: { name: string; socket?: { _socket?: NetSocket | null } } };

/** What engine.io's Socket offers the coalescing: its queue of packets and the flush that hands them to the transport. */
type FlushableConnection = EngineConnection & { writeBuffer: unknown[]; flush(): void };

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
 * together, in one write. A message costs its sender `message:sent` and the ack, and a group
 * commit settles many sends at once; written one by one, each frame is its own system call
 * (and wakes the reader again), and on this kind of machine those calls, not the JSON, were
 * most of the server's time under load.
 *
 * engine.io hands its queue to the transport on every packet, and once the transport has
 * taken one it holds the next ones until that write has completed: a later turn, so a turn's
 * frames went in two writes at best. Here a WebSocket connection's first flush of a turn is
 * put off to the end of the turn (after the I/O callbacks it runs with); then the whole queue
 * goes to the transport at once, its frames into a corked TCP socket, which hands them to the
 * kernel together when uncorked. Long-polling is left alone: its packets already leave
 * together in one HTTP response.
 */
export function coalesceWebSocketWrites(io: Server): void {
  // A new Map each turn, not one cleared each turn: V8 gives a Map or Set that has reached
  // the old generation its new tables there too (on clear and on growth), so one kept for the
  // process left a dead table in the old generation every turn, for a full collection to free.
  let due: Map<FlushableConnection, () => void> | null = null;
  const release = () => {
    const turn = due!;
    due = null;
    for (const [connection, flushNow] of turn) {
      const tcp = tcpSocketOf(connection);
      tcp?.cork();
      flushNow();
      tcp?.uncork();
    }
  };
  io.engine.on('connection', (connection: FlushableConnection) => {
    const flushNow = connection.flush.bind(connection);
    // Every flush goes through the instance's property (a packet sent, the transport ready
    // again, an upgrade), so this one method sees them all.
    connection.flush = () => {
      if (connection.transport.name !== 'websocket') return flushNow();
      if (connection.writeBuffer.length === 0 || due?.has(connection)) return;
      if (due === null) {
        due = new Map();
        setImmediate(release);
      }
      due.set(connection, flushNow);
    };
  });
}
