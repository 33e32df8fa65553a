import type { StateCreator } from 'zustand';
import type { Conversation, Message } from '../../contracts/chat';
import type { PresenceStatus } from '../../contracts/common';
import type { MessageSent } from '../../contracts/events';
import { ApiCallError } from '../api-client';
import { chatApi } from '../chat-api';
import * as R from '../chat-reducers';
import { loadOutbox, saveOutbox } from '../outbox';
import { emitWithAck, getSocket } from '../socket-holder';
import type { AppState } from '../store';

const SEND_TIMEOUT_MS = 10_000;
const RETRYABLE = new Set(['rate_limited', 'unavailable', 'internal', 'timeout']);
/** Waits before each new try of a catch-up that failed on a retryable error. */
const CATCH_UP_RETRY_MS = [500, 1000, 2000, 4000];

/** Conversations, messages, typing, presence and the outbox. */
export type ChatSlice = {
  chat: R.ChatState;
  /** The conversation on screen, re-joined after every reconnect. */
  activeConversationId: string | null;
  /** Messages that arrived while the tab was hidden (the title count). */
  unseenWhileHidden: number;
  initChat(meId: string): void;
  /** The inbox's first page and every unread count, afresh (reconnect); a call while one runs brings one more after it. */
  loadConversations(): Promise<void>;
  /** The inbox's next page, if any; concurrent calls share one request. */
  loadMoreConversations(): Promise<void>;
  /**
   * One conversation the inbox has not loaded (a message arrived in it, or a read elsewhere);
   * a call while one runs brings one more fetch after it.
   */
  fetchConversation(conversationId: string): Promise<void>;
  /** Something changed in a conversation being fetched: its fetch runs once more. */
  fetchedConversationChanged(conversationId: string): void;
  /** I read a conversation up to `lastReadSeq`, in this tab or another (message:read:success). */
  readElsewhere(receipt: { conversationId: string; messageId: number; lastReadSeq: number }): Promise<void>;
  upsertConversation(conversation: Conversation): void;
  /** Hides a conversation from my inbox, on every tab and device; a new message brings it back. */
  hideConversation(conversationId: string): Promise<void>;
  openConversation(conversationId: string, initial?: { messages: Message[]; hasMore: boolean }): void;
  closeConversation(conversationId: string): void;
  loadOlder(conversationId: string): Promise<void>;
  catchUp(conversationId: string): Promise<void>;
  receive(message: Message): void;
  send(conversationId: string, content: string, attachment?: { id: string; name: string; mime: string; size: number; url: string | null }): void;
  retry(conversationId: string, tempId: string): void;
  discard(conversationId: string, tempId: string): void;
  flushOutbox(): Promise<void>;
  markRead(conversationId: string): void;
  typing(conversationId: string, active: boolean): void;
  setMyStatus(status: PresenceStatus): void;
  checkPresence(userId: string): void;
  seenWhileHidden(n: number | 'reset'): void;
  applyChat(fn: (state: R.ChatState) => R.ChatState): void;
};

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = (set, get) => {
  const apply = (fn: (s: R.ChatState) => R.ChatState) => set((s) => ({ chat: fn(s.chat) }));
  const persist = () => {
    const { chat } = get();
    if (chat.meId) saveOutbox(chat.meId, Object.values(chat.pending).flat());
  };
  const inFlight = new Set<string>();
  const loadingOlder = new Set<string>();
  const typingSentAt = new Map<string, number>();
  const running = new Map<string, { again: boolean; done: Promise<void> }>();
  // One request per key at a time; later callers share it. With `rerun`, a call made while
  // one runs asks for one more run after it, since the running answer may predate what the
  // caller just learned (a message, a reconnect).
  const single = (key: string, run: () => Promise<void>, rerun: boolean): Promise<void> => {
    const current = running.get(key);
    if (current) {
      current.again ||= rerun;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await run();
        } while (entry.again);
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, entry);
    return entry.done;
  };

  const dispatch = (item: R.PendingMessage): Promise<void> => {
    const socket = getSocket();
    // Offline: it waits in the outbox and goes out on reconnect.
    if (!socket?.connected || inFlight.has(item.tempId)) return Promise.resolve();
    inFlight.add(item.tempId);
    const payload = {
      conversationId: item.conversationId,
      content: item.content,
      tempId: item.tempId,
      ...(item.attachmentId ? { attachmentId: item.attachmentId, messageType: item.attachment?.mime.startsWith('image/') ? 'image' : 'file' } : {}),
    };
    return emitWithAck<MessageSent>(socket, 'message:send', payload, SEND_TIMEOUT_MS).then((reply) => {
      inFlight.delete(item.tempId);
      // No answer in time: keep it; the same tempId goes out again on reconnect.
      if (!reply) return;
      if (reply.ok) {
        apply((s) => R.receiveMessage(s, reply.data.message));
      } else if (RETRYABLE.has(reply.error.code)) {
        setTimeout(() => void dispatch(item), reply.error.code === 'rate_limited' ? 1500 : 3000);
      } else {
        apply((s) => R.markPending(s, item.conversationId, item.tempId, 'failed', reply.error.message));
      }
      persist();
    });
  };

  return {
    chat: R.initialChat,
    activeConversationId: null,
    unseenWhileHidden: 0,

    initChat(meId) {
      if (get().chat.meId === meId) return;
      set({ chat: { ...R.initialChat, meId } });
      for (const item of loadOutbox(meId)) apply((s) => R.addPending(s, item));
    },

    loadConversations() {
      return single(
        'inbox',
        async () => {
          const asked = Object.fromEntries(Object.values(get().chat.conversations).map((c) => [c.id, c.lastSeq]));
          const [page, unread] = await Promise.all([chatApi.inbox(), chatApi.unreadCount()]);
          apply((s) => R.setInbox(s, page, unread.byConversation, asked));
        },
        true,
      );
    },

    loadMoreConversations() {
      const cursor = get().chat.inboxCursor;
      if (!cursor) return Promise.resolve();
      return single(
        `inbox:${cursor}`,
        async () => {
          const page = await chatApi.inbox(cursor);
          // A reload from the first page in the meantime makes this page stale.
          if (get().chat.inboxCursor === cursor) apply((s) => R.appendInbox(s, page));
        },
        false,
      );
    },

    fetchConversation(conversationId) {
      return single(
        `conversation:${conversationId}`,
        async () => {
          const conversation = await chatApi.conversation(conversationId);
          apply((s) => R.upsertConversation(s, conversation));
        },
        true,
      );
    },

    upsertConversation(conversation) {
      apply((s) => R.upsertConversation(s, conversation));
    },

    async hideConversation(conversationId) {
      // The seq this tab knew when it asked: a message that arrives while the request is on
      // its way may be one the server's hide did not cover, and must keep it listed.
      // conversation:hidden brings the server's own seq to every tab.
      const lastSeq = get().chat.conversations[conversationId]?.lastSeq ?? 0;
      await chatApi.hide(conversationId);
      apply((s) => R.conversationHidden(s, { conversationId, lastSeq }));
    },

    openConversation(conversationId, initial) {
      set({ activeConversationId: conversationId });
      if (initial) apply((s) => R.addHistory(s, conversationId, initial.messages, { hasMoreBefore: initial.hasMore }));
      getSocket()?.emit('conversation:join', { conversationId });
      if (initial) void get().catchUp(conversationId);
      else if (!get().chat.logs[conversationId]) {
        void chatApi.history(conversationId, { limit: 50 }).then((page) => {
          apply((s) => R.addHistory(s, conversationId, page.messages, { hasMoreBefore: page.hasMore }));
        });
      }
    },

    fetchedConversationChanged(conversationId) {
      const fetch = running.get(`conversation:${conversationId}`);
      if (fetch) fetch.again = true;
    },

    readElsewhere(receipt) {
      const { conversations, unreadElsewhere } = get().chat;
      const loaded = conversations[receipt.conversationId] !== undefined;
      apply((s) => R.iRead(s, receipt));
      if (loaded) return Promise.resolve();
      // Not loaded here: a fetch on its way may predate the read, and the count it had in the
      // total is gone whole though the read may have been partial: ask the server for the rest.
      get().fetchedConversationChanged(receipt.conversationId);
      if (!unreadElsewhere[receipt.conversationId]) return Promise.resolve();
      return single(
        'unread',
        async () => {
          const unread = await chatApi.unreadCount();
          apply((s) => R.setUnreadElsewhere(s, unread.byConversation));
        },
        true,
      );
    },

    closeConversation(conversationId) {
      if (get().activeConversationId === conversationId) set({ activeConversationId: null });
      get().typing(conversationId, false);
      getSocket()?.emit('conversation:leave', { conversationId });
    },

    async loadOlder(conversationId) {
      const log = get().chat.logs[conversationId];
      if (!log?.hasMoreBefore || loadingOlder.has(conversationId)) return;
      loadingOlder.add(conversationId);
      try {
        const first = log.items[0];
        const page = await chatApi.history(conversationId, { limit: 50, ...(first ? { beforeSeq: first.seq } : {}) });
        apply((s) => R.addHistory(s, conversationId, page.messages, { hasMoreBefore: page.hasMore }));
      } finally {
        loadingOlder.delete(conversationId);
      }
    },

    catchUp(conversationId) {
      const pageForward = async () => {
        for (let i = 0; i < 50; i++) {
          const log = get().chat.logs[conversationId];
          const afterSeq = log ? R.contiguousSeq(log.items) : 0;
          const page = await chatApi.history(conversationId, { afterSeq, limit: 100 });
          apply((s) => R.addHistory(s, conversationId, page.messages, {}));
          if (!page.hasMore) break;
        }
      };
      return single(
        `catch-up:${conversationId}`,
        async () => {
          // A reconnect's catch-up can meet a server still starting or a network still
          // settling. It tries again (from what it has by then), or what it missed would only
          // show once a later message revealed the gap.
          for (let attempt = 0; ; attempt++) {
            try {
              return await pageForward();
            } catch (e) {
              const wait = CATCH_UP_RETRY_MS[attempt];
              if (wait === undefined || !(e instanceof ApiCallError && RETRYABLE.has(e.error.code))) throw e;
              await new Promise((r) => setTimeout(r, wait));
            }
          }
        },
        false,
      );
    },

    receive(message) {
      const { chat } = get();
      if (R.hasGap(chat.logs[message.conversationId], message)) {
        void get().catchUp(message.conversationId);
        apply((s) => R.receiveMessage(s, message));
        return;
      }
      apply((s) => R.receiveMessage(s, message));
    },

    send(conversationId, content, attachment) {
      const item: R.PendingMessage = {
        tempId: crypto.randomUUID(),
        conversationId,
        content,
        attachmentId: attachment?.id,
        attachment: attachment ? { name: attachment.name, mime: attachment.mime, size: attachment.size, url: attachment.url } : undefined,
        status: 'sending',
        createdAt: new Date().toISOString(),
      };
      apply((s) => R.addPending(s, item));
      persist();
      get().typing(conversationId, false);
      void dispatch(item);
    },

    retry(conversationId, tempId) {
      const item = get().chat.pending[conversationId]?.find((p) => p.tempId === tempId);
      if (!item) return;
      apply((s) => R.markPending(s, conversationId, tempId, 'sending'));
      persist();
      void dispatch({ ...item, status: 'sending' });
    },

    discard(conversationId, tempId) {
      apply((s) => R.removePending(s, conversationId, tempId));
      persist();
    },

    async flushOutbox() {
      // In order, one at a time: what was written first is stored first.
      const items = Object.values(get().chat.pending)
        .flat()
        .filter((p) => p.status === 'sending')
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
      for (const item of items) await dispatch(item);
    },

    markRead(conversationId) {
      const c = get().chat.conversations[conversationId];
      if (!c || c.unreadCount === 0) return;
      apply((s) => R.iRead(s, { conversationId, messageId: c.lastMessage?.id ?? 0, lastReadSeq: c.lastSeq }));
      getSocket()?.emit('message:read', { conversationId });
    },

    typing(conversationId, active) {
      const socket = getSocket();
      const sentAt = typingSentAt.get(conversationId);
      if (active) {
        // The server relays at most every 2 s and expires after 6 s: refresh every 2 s.
        if (sentAt !== undefined && Date.now() - sentAt < 2000) return;
        typingSentAt.set(conversationId, Date.now());
        socket?.emit('typing:start', { conversationId });
      } else if (sentAt !== undefined) {
        typingSentAt.delete(conversationId);
        socket?.emit('typing:stop', { conversationId });
      }
    },

    setMyStatus(status) {
      getSocket()?.emit('status:update', { status });
    },

    checkPresence(userId) {
      getSocket()?.emit('user:check:online', { userId }, (reply) => {
        if (reply.ok) apply((s) => R.setPresence(s, userId, { isOnline: reply.data.isOnline, status: reply.data.status, lastSeenAt: reply.data.lastSeenAt }));
      });
    },

    seenWhileHidden(n) {
      set((s) => ({ unseenWhileHidden: n === 'reset' ? 0 : s.unseenWhileHidden + n }));
    },

    applyChat: apply,
  };
};
