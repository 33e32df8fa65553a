import type { Server } from 'socket.io';
import { tcpSocketOf, type EngineConnection } from './coalesce-writes';

type Packet = { data?: unknown };
type Connection = EngineConnection & {
  on(event: 'packetCreate', listener: (packet: Packet) => void): void;
  on(event: 'flush', listener: (packets: Packet[]) => void): void;
  close(discard?: boolean): void;
};

const sizeOf = (data: unknown) => (typeof data === 'string' ? data.length : Buffer.isBuffer(data) ? data.length : 0);

/**
 * A client that stops reading would otherwise keep every frame meant for it in the server's
 * memory until its connection times out: engine.io queues packets while the transport has
 * not taken the previous ones, and the TCP socket holds what the kernel will not. When the
 * two together pass `maxUnsentBytes` (strings counted by length), the connection is cut:
 * its memory is freed at once, and the client, once it reads again, reconnects and catches
 * up from the last seq it holds, as after any disconnection.
 */
export function dropStalledConnections(io: Server, maxUnsentBytes: number, onDrop: (unsentBytes: number) => void): void {
  io.engine.on('connection', (connection: Connection) => {
    let queued = 0;
    let cut = false;
    connection.on('flush', (packets) => {
      for (const packet of packets) queued -= sizeOf(packet.data);
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
      else connection.close(true);
    });
  });
}
