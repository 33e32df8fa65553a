import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../contracts/events';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let current: ChatSocket | null = null;

/** The tab's one live connection, for store actions; null while the signed-in shell is not mounted. */
export function getSocket(): ChatSocket | null {
  return current;
}

export function setSocket(socket: ChatSocket | null): void {
  current = socket;
}

/** Emits with an ack and resolves with the reply, or null when none came within `ms`. */
export function emitWithAck<R>(socket: ChatSocket, event: keyof ClientToServerEvents, payload: unknown, ms: number): Promise<Ack<R> | null> {
  return new Promise((resolve) => {
    (socket.timeout(ms) as unknown as { emit: (e: string, p: unknown, cb: (err: Error | null, reply: Ack<R>) => void) => void }).emit(
      event,
      payload,
      (err, reply) => resolve(err ? null : reply),
    );
  });
}
