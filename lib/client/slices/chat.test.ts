import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Conversation, InboxPage, Message } from '../../contracts/chat';
import type { PublicUser } from '../../contracts/common';
import { ApiCallError } from '../api-client';
import { chatApi } from '../chat-api';
import type { AppStore } from '../store';
import { sortedConversations, totalUnread } from '../chat-reducers';
import { createChatSlice } from './chat';

// The network only: answers are handed out by each test, when it chooses.
vi.mock('../chat-api', () => ({ chatApi: { inbox: vi.fn(), unreadCount: vi.fn(), conversation: vi.fn(), hide: vi.fn(), history: vi.fn() } }));

const me: PublicUser = { id: 'me', name: 'Me', role: 'brand', handle: 'me', avatarUrl: null, bio: null };
const them: PublicUser = { id: 'them', name: 'Them', role: 'influencer', handle: 'them', avatarUrl: null, bio: null };

const conv = (id: string, lastSeq: number, unreadCount = lastSeq): Conversation => ({
  id,
  participants: [me, them],
  otherParticipant: them,
  lastMessage: null,
  unreadCount,
  lastReadSeq: lastSeq - unreadCount,
  otherLastReadSeq: 0,
  lastSeq,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

/** A promise the test resolves by hand, to hold an answer back. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function setup() {
  const store = createStore(createChatSlice as never) as unknown as AppStore;
  store.getState().initChat('me');
  return store;
}

beforeEach(() => vi.mocked(chatApi.inbox).mockReset());
beforeEach(() => vi.mocked(chatApi.unreadCount).mockReset());
beforeEach(() => vi.mocked(chatApi.conversation).mockReset());
beforeEach(() => vi.mocked(chatApi.history).mockReset());

describe('[CHAT] client chat slice', () => {
  it('keeps what is still unread of a conversation not loaded here after a partial read elsewhere', async () => {
    const store = setup();
    vi.mocked(chatApi.inbox).mockResolvedValueOnce({ conversations: [conv('a', 1)], nextCursor: 'next' } as InboxPage);
    vi.mocked(chatApi.unreadCount).mockResolvedValueOnce({ total: 6, byConversation: { a: 1, far: 5 } });
    await store.getState().loadConversations();
    expect(totalUnread(store.getState().chat)).toBe(6);
    // Three of far's five read on another device: the server says two remain.
    vi.mocked(chatApi.unreadCount).mockResolvedValueOnce({ total: 3, byConversation: { a: 1, far: 2 } });
    await store.getState().readElsewhere({ conversationId: 'far', messageId: 3, lastReadSeq: 3 });
    expect(totalUnread(store.getState().chat)).toBe(3);
    // A loaded conversation is counted from its own state: no request.
    await store.getState().readElsewhere({ conversationId: 'a', messageId: 1, lastReadSeq: 1 });
    expect(chatApi.unreadCount).toHaveBeenCalledTimes(2);
    expect(totalUnread(store.getState().chat)).toBe(2);
  });

  it('fetches a conversation not loaded once more when it changes while the first answer is on its way', async () => {
    const store = setup();
    const first = deferred<Conversation>();
    vi.mocked(chatApi.conversation).mockReturnValueOnce(first.promise).mockResolvedValueOnce(conv('x', 2));
    const a = store.getState().fetchConversation('x');
    const b = store.getState().fetchConversation('x');
    // Read in another tab meanwhile: the running answer may predate it.
    store.getState().fetchedConversationChanged('x');
    first.resolve(conv('x', 1));
    await Promise.all([a, b]);
    expect(chatApi.conversation).toHaveBeenCalledTimes(2);
    expect(store.getState().chat.conversations.x).toMatchObject({ lastSeq: 2, unreadCount: 2 });
  });

  it('refreshes the inbox once more when asked again while a refresh runs (a reconnect during a load)', async () => {
    const store = setup();
    const first = deferred<InboxPage>();
    vi.mocked(chatApi.inbox).mockReturnValueOnce(first.promise).mockResolvedValueOnce({ conversations: [conv('a', 3)], nextCursor: null });
    vi.mocked(chatApi.unreadCount).mockResolvedValue({ total: 3, byConversation: { a: 3 } });
    const a = store.getState().loadConversations();
    const b = store.getState().loadConversations();
    first.resolve({ conversations: [conv('a', 1)], nextCursor: 'more' });
    await Promise.all([a, b]);
    expect(chatApi.inbox).toHaveBeenCalledTimes(2);
    expect(store.getState().chat.conversations.a!.lastSeq).toBe(3);
    expect(store.getState().chat.inboxCursor).toBeNull();
  });

  it('loads the next page once for concurrent calls, and drops it when the inbox started over meanwhile', async () => {
    const store = setup();
    vi.mocked(chatApi.inbox).mockResolvedValueOnce({ conversations: [conv('a', 1)], nextCursor: 'after-a' });
    vi.mocked(chatApi.unreadCount).mockResolvedValue({ total: 0, byConversation: {} });
    await store.getState().loadConversations();

    const page = deferred<InboxPage>();
    vi.mocked(chatApi.inbox).mockReturnValueOnce(page.promise);
    const a = store.getState().loadMoreConversations();
    const b = store.getState().loadMoreConversations();
    await flush();
    expect(chatApi.inbox).toHaveBeenLastCalledWith('after-a');
    page.resolve({ conversations: [conv('b', 1)], nextCursor: null });
    await Promise.all([a, b]);
    expect(chatApi.inbox).toHaveBeenCalledTimes(2);
    expect(Object.keys(store.getState().chat.conversations).sort()).toEqual(['a', 'b']);

    // A refresh lands while a further page is on its way: that page belongs to the old list.
    vi.mocked(chatApi.inbox).mockResolvedValueOnce({ conversations: [conv('a', 1)], nextCursor: 'after-a2' });
    await store.getState().loadConversations();
    const late = deferred<InboxPage>();
    vi.mocked(chatApi.inbox).mockReturnValueOnce(late.promise).mockResolvedValueOnce({ conversations: [conv('a', 1)], nextCursor: 'after-a3' });
    const more = store.getState().loadMoreConversations();
    await store.getState().loadConversations();
    late.resolve({ conversations: [conv('stale', 1)], nextCursor: null });
    await more;
    expect(store.getState().chat.conversations.stale).toBeUndefined();
    expect(store.getState().chat.inboxCursor).toBe('after-a3');
  });

  it('keeps a conversation listed when a message arrives while its hide is on its way', async () => {
    const store = setup();
    vi.mocked(chatApi.inbox).mockResolvedValueOnce({ conversations: [conv('a', 3, 0)], nextCursor: null } as InboxPage);
    vi.mocked(chatApi.unreadCount).mockResolvedValueOnce({ total: 0, byConversation: {} });
    await store.getState().loadConversations();
    const answer = deferred<void>();
    vi.mocked(chatApi.hide).mockReturnValueOnce(answer.promise);
    const hiding = store.getState().hideConversation('a');
    // The server hid it through seq 3; seq 4, committed meanwhile, brings it back.
    const message = { id: 40, seq: 4, conversationId: 'a', sender: them, senderType: 'influencer', messageType: 'text', content: 'still there?', tempId: null,
      attachmentUrl: null, attachmentName: null, attachmentSize: null, attachmentMime: null, isRead: false, createdAt: '2026-01-02T00:00:00.000Z' } as Message;
    store.getState().receive(message);
    answer.resolve();
    await hiding;
    expect(store.getState().chat.hidden).toEqual({});
    expect(sortedConversations(store.getState().chat).map((c) => c.id)).toEqual(['a']);
    expect(totalUnread(store.getState().chat)).toBe(1);
  });

  it('tries a failed catch-up again from what it holds, and gives up on an error that will not pass', async () => {
    vi.useFakeTimers();
    try {
      const store = setup();
      const message = (seq: number): Message => ({
        id: seq,
        seq,
        conversationId: 'a',
        sender: them,
        senderType: 'influencer',
        messageType: 'text',
        content: `m${seq}`,
        tempId: null,
        attachmentUrl: null,
        attachmentName: null,
        attachmentSize: null,
        attachmentMime: null,
        isRead: false,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const down = new ApiCallError(0, { code: 'unavailable', message: 'Network error' });
      vi.mocked(chatApi.history)
        .mockResolvedValueOnce({ messages: [message(1), message(2)], hasMore: true })
        .mockRejectedValueOnce(down)
        .mockRejectedValueOnce(new ApiCallError(503, { code: 'unavailable', message: 'starting' }))
        .mockResolvedValueOnce({ messages: [message(3)], hasMore: false });
      const done = store.getState().catchUp('a');
      await vi.advanceTimersByTimeAsync(500 + 1000);
      await done;
      expect(store.getState().chat.logs.a!.items.map((m) => m.seq)).toEqual([1, 2, 3]);
      // Each try goes on from the last seq it holds.
      expect(vi.mocked(chatApi.history).mock.calls.map(([, q]) => q.afterSeq)).toEqual([0, 2, 2, 2]);

      vi.mocked(chatApi.history).mockRejectedValueOnce(new ApiCallError(403, { code: 'forbidden', message: 'no' }));
      await expect(store.getState().catchUp('a')).rejects.toMatchObject({ status: 403 });
      expect(chatApi.history).toHaveBeenCalledTimes(5);
    } finally {
      vi.useRealTimers();
    }
  });
});
