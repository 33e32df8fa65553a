/**
 * What the two reference relays share: an HTTP server on 127.0.0.1 with Socket.IO's `/chat`,
 * where `conversation:join` puts the socket in the conversation's room and is acknowledged
 * like Collabwire's; each relay brings its own `message:send`. Prints `listening <port>` once
 * ready and closes on SIGTERM or SIGINT.
 */
import { createServer } from 'node:http';
import { Server, type Socket } from 'socket.io';

export type Ack = (reply: unknown) => void;
export type SendPayload = { conversationId: string; content: string; tempId?: string };

export function startRelay(options: {
  onSend(socket: Socket, payload: SendPayload, ack?: Ack): void;
  /** Set up on the server before it listens (e.g. write coalescing). */
  configure?(io: Server): void;
  /** Runs after the server closed, before the process exits. */
  onClose?(): Promise<void>;
}): void {
  const httpServer = createServer();
  const io = new Server(httpServer, { path: '/socket.io', serveClient: false });
  options.configure?.(io);
  io.of('/chat').on('connection', (socket) => {
    socket.on('conversation:join', (payload: { conversationId: string }, ack?: Ack) => {
      const room = `conversation:${payload.conversationId}`;
      void socket.join(room);
      ack?.({ ok: true, data: { conversationId: payload.conversationId, room } });
    });
    socket.on('message:send', (payload: SendPayload, ack?: Ack) => options.onSend(socket, payload, ack));
  });

  httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = httpServer.address();
    console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
  });
  const stop = () => {
    io.close();
    httpServer.close(() => void (options.onClose?.() ?? Promise.resolve()).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
