import type { Server } from 'socket.io';
import { tcpSocketOf, type EngineConnection } from './coalesce-writes';

type Packet = { data?: unknown };
type Connection = EngineConnection & {
  on(event: 'packetCreate', listener: (packet: Packet) => void): void;
  on(event: 'flush', listener: () => void): void;
  close(discard?: boolean): void;
};

/** Bytes a packet's payload takes on the wire (pings and other empty packets: none). */
function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (ArrayBuffer.isView(data) || data instanceof ArrayBuffer) return data.byteLength;
  return 0;
}

/**
 * A client that stops reading would otherwise keep every frame meant for it in the server's
 * memory until its connection times out: engine.io queues packets while the transport has
 * not taken the previous ones, and the TCP socket holds what the kernel will not. When the
 * two together pass `maxUnsentBytes`, the connection is cut:
 * its memory is freed at once, and the client, once it reads again, reconnects and catches
 * up from the last seq it holds, as after any disconnection. A long-polling client is cut the
 * same way when packets pile up between its requests (what its open responses hold is not
 * counted; it cannot hold more than one).
 */
export function dropStalledConnections(io: Server, maxUnsentBytes: number, onDrop: (unsentBytes: number) => void): void {
  io.engine.on('connection', (connection: Connection) => {
    let queued = 0;
    let cut = false;
    // A flush hands every queued packet to the transport (where the TCP socket's own count
    // takes over), so nothing is left queued; each packet is measured once, when created.
    connection.on('flush', () => {
      queued = 0;
    });
    connection.on('packetCreate', (packet) => {
      queued += sizeOf(packet.data);
      if (cut) return;
      const tcp = tcpSocketOf(connection);
      const unsent = queued + (tcp?.writableLength ?? 0);
      if (unsent <= maxUnsentBytes) return;
      cut = true;
      onDrop(unsent);
      // The TCP socket at once: a WebSocket close handshake would wait behind the unsent data.
      if (tcp) tcp.destroy();
      // Not inside the broadcast that is creating this packet: its disconnect handlers emit too.
      else process.nextTick(() => connection.close(true));
    });
  });
}
