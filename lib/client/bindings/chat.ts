import type { Message } from '../../contracts/chat';
import * as R from '../chat-reducers';
import type { AppStore } from '../store';
import type { ChatSocket } from '../socket-holder';

/**
 * Feeds the store from the socket's chat events; returns the cleanup. After every
 * (re)connect it resends the outbox, re-joins the open conversation and catches up from
 * REST, because the database, not the live connection, is the source of truth.
 */
export function bindChat(socket: ChatSocket, store: AppStore): () => void {
  const state = () => store.getState();
  const apply = (fn: (s: R.ChatState) => R.ChatState) => state().applyChat(fn);

  const notifyIfHidden = (message: Message) => {
    if (typeof document === 'undefined' || !document.hidden || message.sender.id === state().chat.meId) return;
    state().seenWhileHidden(1);
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const preview = message.content || message.attachmentName || 'Attachment';
      const n = new Notification(message.sender.name, { body: preview.slice(0, 140), tag: `conversation:${message.conversationId}` });
      n.onclick = () => {
        window.focus();
        window.location.assign(`/inbox/${message.conversationId}`);
      };
    }
  };

  const onNew = (message: Message) => {
    state().receive(message);
    notifyIfHidden(message);
  };
  const onNotification = ({ conversationId, message }: { conversationId: string; message: Message }) => {
    state().receive(message);
    // Not in the loaded part of the inbox: fetch it, with its unread count, to the top of the
    // list; the message goes in again after, in case the answer was read before it was stored.
    if (!state().chat.conversations[conversationId]) {
      void state()
        .fetchConversation(conversationId)
        .then(() => state().receive(message))
        .catch(() => undefined);
    }
    notifyIfHidden(message);
  };
  const onSent = ({ message }: { message: Message }) => state().receive(message);
  const onRead = (receipt: { conversationId: string; messageId: number; lastReadSeq: number }) => apply((s) => R.otherRead(s, receipt));
  const onReadSuccess = (receipt: { conversationId: string; messageId: number; lastReadSeq: number }) =>
    void state()
      .readElsewhere(receipt)
      .catch(() => undefined);
  const onTypingStart = (p: Parameters<typeof R.typingStarted>[1]) => apply((s) => R.typingStarted(s, p, Date.now()));
  const onTypingStop = (p: Parameters<typeof R.typingStopped>[1]) => apply((s) => R.typingStopped(s, p));
  const onOnline = ({ userId }: { userId: string }) => apply((s) => R.setPresence(s, userId, { isOnline: true, status: s.presence[userId]?.status === 'offline' || !s.presence[userId] ? 'online' : s.presence[userId]!.status }));
  const onOffline = ({ userId, lastSeenAt }: { userId: string; lastSeenAt?: string | null }) =>
    apply((s) => R.setPresence(s, userId, { isOnline: false, status: 'offline', lastSeenAt: lastSeenAt ?? s.presence[userId]?.lastSeenAt ?? null }));
  const onStatus = ({ userId, status, lastSeenAt }: { userId: string; status: 'online' | 'away' | 'busy' | 'offline'; lastSeenAt: string | null }) =>
    apply((s) => R.setPresence(s, userId, { status, isOnline: status !== 'offline', lastSeenAt }));
  const onConversation = ({ conversation }: { conversation: Parameters<typeof R.upsertConversation>[1] }) => state().upsertConversation(conversation);
  const onHidden = (payload: { conversationId: string; lastSeq: number }) => apply((s) => R.conversationHidden(s, payload));

  const onConnect = () => {
    const { activeConversationId, chat } = state();
    if (activeConversationId) socket.emit('conversation:join', { conversationId: activeConversationId });
    void state().flushOutbox();
    void state().loadConversations().catch(() => undefined);
    for (const conversationId of Object.keys(chat.logs)) void state().catchUp(conversationId).catch(() => undefined);
    const other = activeConversationId ? chat.conversations[activeConversationId]?.otherParticipant.id : undefined;
    if (other) state().checkPresence(other);
  };

  socket.on('message:new', onNew);
  socket.on('message:notification', onNotification);
  socket.on('message:sent', onSent);
  socket.on('message:read', onRead);
  socket.on('message:read:success', onReadSuccess);
  socket.on('typing:start', onTypingStart);
  socket.on('typing:stop', onTypingStop);
  socket.on('user:online', onOnline);
  socket.on('user:offline', onOffline);
  socket.on('user:status', onStatus);
  socket.on('conversation:updated', onConversation);
  socket.on('conversation:hidden', onHidden);
  socket.on('connect', onConnect);
  if (socket.connected) onConnect();
  return () => {
    socket.off('message:new', onNew);
    socket.off('message:notification', onNotification);
    socket.off('message:sent', onSent);
    socket.off('message:read', onRead);
    socket.off('message:read:success', onReadSuccess);
    socket.off('typing:start', onTypingStart);
    socket.off('typing:stop', onTypingStop);
    socket.off('user:online', onOnline);
    socket.off('user:offline', onOffline);
    socket.off('user:status', onStatus);
    socket.off('conversation:updated', onConversation);
    socket.off('conversation:hidden', onHidden);
    socket.off('connect', onConnect);
  };
}
