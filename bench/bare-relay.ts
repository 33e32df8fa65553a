/**
 * The baseline: a bare Socket.IO relay with the same /chat event names and no auth,
 * validation or persistence. `message:send` goes to the room except the sender and is
 * acknowledged at once. Prints `listening <port>` when ready.
 */
import { startRelay } from './relay-server';

let seq = 0;

startRelay({
  onSend(socket, payload, ack) {
    const message = { seq: ++seq, conversationId: payload.conversationId, content: payload.content, tempId: payload.tempId ?? null };
    socket.to(`conversation:${payload.conversationId}`).emit('message:new', message);
    ack?.({ ok: true, data: { tempId: message.tempId, message } });
  },
});
