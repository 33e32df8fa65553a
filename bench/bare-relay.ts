/**
 * The baseline: a bare Socket.IO relay with the same /chat event names and no auth,
 * validation or persistence. `message:send` goes to the room except the sender and is
 * acknowledged at once. Prints `listening <port>` when ready.
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const httpServer = createServer();
const io = new Server(httpServer, { path: '/socket.io', serveClient: false });
const chat = io.of('/chat');
let seq = 0;

chat.on('connection', (socket) => {
  socket.on('conversation:join', (payload: { conversationId: string }, ack?: (reply: unknown) => void) => {
    const room = `conversation:${payload.conversationId}`;
    void socket.join(room);
    ack?.({ ok: true, data: { conversationId: payload.conversationId, room } });
  });
  socket.on('message:send', (payload: { conversationId: string; content: string; tempId?: string }, ack?: (reply: unknown) => void) => {
    const message = { seq: ++seq, conversationId: payload.conversationId, content: payload.content, tempId: payload.tempId ?? null };
    socket.to(`conversation:${payload.conversationId}`).emit('message:new', message);
    ack?.({ ok: true, data: { tempId: message.tempId, message } });
  });
});

httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = httpServer.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : ''}`);
});
const stop = () => {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
