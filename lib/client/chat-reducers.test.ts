import { describe, expect, it } from 'vitest';
import type { Conversation, Message } from '../contracts/chat';
import type { PublicUser } from '../contracts/common';
import {
  addHistory,
  addPending,
  hasGap,
  initialChat,
  iRead,
  markPending,
  mergeMessages,
  otherRead,
  receiveMessage,
  appendInbox,
  conversationHidden,
  setInbox,
  upsertConversation,
  sortedConversations,
  totalUnread,
  typingStarted,
  typingStopped,
  type ChatState,
} from './chat-reducers';

const me: PublicUser = { id: 'me', name: 'Me', role: 'brand' as const, handle: 'me', avatarUrl: null, bio: null };
const them: PublicUser = { id: 'them', name: 'Them', role: 'influencer' as const, handle: 'them', avatarUrl: null, bio: null };

function msg(seq: number, from: PublicUser = them, extra: Partial<Message> = {}): Message {
  return {
    id: seq * 10,
    seq,
    conversationId: 'c1',
    sender: from,
    senderType: from.role,
    messageType: 'text',
    content: `m${seq}`,
    tempId: from === me ? `t${seq}` : null,
    attachmentUrl: null,
    attachmentName: null,
    attachmentSize: null,
    attachmentMime: null,
    isRead: false,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, seq)).toISOString(),
    ...extra,
  };
}

function conv(extra: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    participants: [me, them],
    otherParticipant: them,
    lastMessage: null,
    unreadCount: 0,
    lastReadSeq: 0,
    otherLastReadSeq: 0,
    lastSeq: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const page = (conversations: Conversation[], nextCursor: string | null = null) => ({ conversations, nextCursor });
const base = (): ChatState => setInbox({ ...initialChat, meId: 'me' }, page([conv()]), {});

describe('[CHAT] client reducers', () => {
  it('orders by seq and dedupes by id, whatever the arrival order', () => {
    const merged = mergeMessages([msg(2), msg(1)].sort(() => 0), [msg(3), msg(2), msg(1)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(mergeMessages(merged, [msg(5), msg(4), msg(5)]).map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('replaces an optimistic message with the stored one matched by tempId', () => {
    let s = addHistory(base(), 'c1', [], { hasMoreBefore: false });
    s = addPending(s, { tempId: 't1', conversationId: 'c1', content: 'hi', status: 'sending', createdAt: 'x' });
    expect(s.pending.c1).toHaveLength(1);
    s = receiveMessage(s, msg(1, me, { tempId: 't1' }));
    expect(s.pending.c1).toHaveLength(0);
    expect(s.logs.c1!.items.map((m) => m.tempId)).toEqual(['t1']);
    // The same message arriving again (other tab, catch-up) is not shown twice.
    s = receiveMessage(s, msg(1, me, { tempId: 't1' }));
    s = addHistory(s, 'c1', [msg(1, me, { tempId: 't1' })], {});
    expect(s.logs.c1!.items).toHaveLength(1);
  });

  it('marks a failed send and keeps it for retry', () => {
    let s = addPending(base(), { tempId: 't9', conversationId: 'c1', content: 'x', status: 'sending', createdAt: 'x' });
    s = markPending(s, 'c1', 't9', 'failed', 'rate_limited');
    expect(s.pending.c1![0]).toMatchObject({ status: 'failed', error: 'rate_limited' });
  });

  it('detects a seq gap only against a loaded log', () => {
    const loaded = addHistory(base(), 'c1', [msg(1), msg(2)], { hasMoreBefore: false });
    expect(hasGap(loaded.logs.c1, msg(3))).toBe(false);
    expect(hasGap(loaded.logs.c1, msg(5))).toBe(true);
    expect(hasGap(undefined, msg(5))).toBe(false);
    expect(hasGap(addHistory(base(), 'c1', [], { hasMoreBefore: false }).logs.c1, msg(2))).toBe(true);
  });

  it('counts unread from the other side only and clears it on my read', () => {
    let s = addHistory(base(), 'c1', [], { hasMoreBefore: false });
    s = receiveMessage(s, msg(1));
    s = receiveMessage(s, msg(2));
    expect(s.conversations.c1!.unreadCount).toBe(2);
    expect(totalUnread(s)).toBe(2);
    s = receiveMessage(s, msg(3, me));
    expect(s.conversations.c1!.unreadCount).toBe(0);
    s = receiveMessage(s, msg(4));
    expect(s.conversations.c1!.unreadCount).toBe(1);
    s = iRead(s, { conversationId: 'c1', messageId: 40, lastReadSeq: 4 });
    expect(s.conversations.c1!.unreadCount).toBe(0);
    // A stale receipt never moves the pointer back.
    expect(iRead(s, { conversationId: 'c1', messageId: 10, lastReadSeq: 1 })).toBe(s);
  });

  it('shows Read on my messages up to the other’s pointer', () => {
    let s = addHistory(base(), 'c1', [msg(1, me), msg(2, me), msg(3, me)], { hasMoreBefore: false });
    s = otherRead(s, { conversationId: 'c1', messageId: 20, lastReadSeq: 2 });
    expect(s.logs.c1!.items.map((m) => m.isRead)).toEqual([true, true, false]);
    expect(s.conversations.c1!.otherLastReadSeq).toBe(2);
  });

  it('keeps a stale conversation snapshot from undoing live updates', () => {
    let s = receiveMessage(addHistory(base(), 'c1', [], { hasMoreBefore: false }), msg(1));
    s = setInbox(s, page([conv()]), {});
    expect(s.conversations.c1!.lastSeq).toBe(1);
    s = appendInbox(s, page([conv()]));
    expect(s.conversations.c1!.lastSeq).toBe(1);
  });

  it('tracks typists, ignores my own typing, and a message ends the sender’s indicator', () => {
    const user = { userId: 'them', userType: 'influencer' as const, name: 'Them' };
    let s = typingStarted(base(), { conversationId: 'c1', user }, 0);
    expect(Object.keys(s.typing.c1!)).toEqual(['them']);
    expect(typingStarted(base(), { conversationId: 'c1', user: { ...user, userId: 'me' } }, 0).typing.c1).toBeUndefined();
    expect(typingStopped(s, { conversationId: 'c1', user }).typing.c1).toEqual({});
    s = receiveMessage(s, msg(1));
    expect(s.typing.c1).toEqual({});
  });

  it('sorts conversations by latest activity', () => {
    const s = setInbox({ ...initialChat, meId: 'me' }, page([conv({ id: 'a', updatedAt: '2026-01-01T00:00:00.000Z' }), conv({ id: 'b', updatedAt: '2026-01-02T00:00:00.000Z' })]), {});
    expect(sortedConversations(s).map((c) => c.id)).toEqual(['b', 'a']);
  });

  it('leaves a hidden conversation out of the inbox and the unread total until a later message arrives', () => {
    let s = setInbox(
      { ...initialChat, meId: 'me' },
      page([conv({ id: 'c1', lastSeq: 3, unreadCount: 2, lastReadSeq: 1, updatedAt: '2026-01-02T00:00:00.000Z' }), conv({ id: 'b', lastSeq: 1, unreadCount: 1 })]),
      { c1: 2, b: 1, x: 5 },
    );
    expect(totalUnread(s)).toBe(8);
    s = conversationHidden(s, { conversationId: 'c1', lastSeq: 3 });
    s = conversationHidden(s, { conversationId: 'x', lastSeq: 9 });
    expect(sortedConversations(s).map((c) => c.id)).toEqual(['b']);
    expect(totalUnread(s)).toBe(1);
    // The same news again, or older news, changes nothing.
    expect(conversationHidden(s, { conversationId: 'c1', lastSeq: 3 })).toBe(s);
    expect(conversationHidden(s, { conversationId: 'c1', lastSeq: 2 })).toBe(s);
    // Its log stays (it may be open on screen), and a later message brings it back, unread.
    s = receiveMessage(s, msg(4));
    expect(sortedConversations(s).map((c) => c.id)).toEqual(['c1', 'b']);
    expect(totalUnread(s)).toBe(1 + 3);
    // Hidden as of seq 4 while this tab already holds seq 5: the later message keeps it listed.
    s = receiveMessage(s, msg(5));
    expect(conversationHidden(s, { conversationId: 'c1', lastSeq: 4 })).toBe(s);
  });

  it('learns on a reload of the inbox what was hidden while it was not listening, never a conversation that changed meanwhile', () => {
    const a = conv({ id: 'a', lastSeq: 2, updatedAt: '2026-01-05T00:00:00.000Z' });
    const b = conv({ id: 'b', lastSeq: 2, updatedAt: '2026-01-04T00:00:00.000Z' });
    const c = conv({ id: 'c', lastSeq: 2, updatedAt: '2026-01-03T00:00:00.000Z' });
    const d = conv({ id: 'd', lastSeq: 2, updatedAt: '2026-01-01T00:00:00.000Z' });
    const start = setInbox({ ...initialChat, meId: 'me' }, page([a, b, c, d]), {});
    const asked = { a: 2, b: 2, c: 2, d: 2 };
    // A complete list without b: hidden elsewhere.
    let s = setInbox(start, page([a, c, d]), {}, asked);
    expect(sortedConversations(s).map((x) => x.id)).toEqual(['a', 'c', 'd']);
    expect(s.hidden).toEqual({ b: 2 });
    // A first page ending at c, without b (which sorts before c): hidden; d may be further down.
    s = setInbox(start, page([a, c], 'next'), {}, asked);
    expect(sortedConversations(s).map((x) => x.id)).toEqual(['a', 'c', 'd']);
    // A message in b after the question was asked: the answer predates it, b stays.
    s = receiveMessage(start, { ...msg(3), conversationId: 'b' });
    s = setInbox(s, page([a, c, d]), {}, asked);
    expect(s.hidden).toEqual({});
    // Loaded after the question was asked (not in it): stays.
    s = setInbox(start, page([a, c, d]), {}, { a: 2, c: 2, d: 2 });
    expect(s.hidden).toEqual({});
    // Never lowers what the server said: hidden through seq 5 stays hidden through 5.
    s = conversationHidden(start, { conversationId: 'b', lastSeq: 5 });
    expect(setInbox(s, page([a, c, d]), {}, asked).hidden).toEqual({ b: 5 });
    // Not loaded here, hidden, then counted unread by the server: a message brought it back.
    s = conversationHidden(start, { conversationId: 'x', lastSeq: 1 });
    expect(totalUnread(s)).toBe(0);
    s = setInbox(s, page([a, b, c, d]), { x: 2 }, asked);
    const loaded = Object.values(s.conversations).reduce((n, c) => n + c.unreadCount, 0);
    expect([s.hidden, totalUnread(s) - loaded]).toEqual([{}, 2]);
  });

  it('counts the unread of conversations not loaded by the server’s counts, until they load or are read elsewhere', () => {
    let s = setInbox({ ...initialChat, meId: 'me' }, page([conv({ id: 'a', unreadCount: 1, lastSeq: 1 })], 'next'), { a: 1, b: 2, c: 4 });
    expect(totalUnread(s)).toBe(7);
    expect(s.inboxCursor).toBe('next');
    // b loads (a message arrived in it): its own count replaces the server's.
    s = upsertConversation(s, conv({ id: 'b', unreadCount: 3, lastSeq: 3 }));
    expect(totalUnread(s)).toBe(8);
    // c is read on another device while not loaded here.
    s = iRead(s, { conversationId: 'c', messageId: 1, lastReadSeq: 4 });
    expect(totalUnread(s)).toBe(4);
    s = appendInbox(s, page([conv({ id: 'd' })], null));
    expect([s.inboxCursor, Object.keys(s.conversations).sort()]).toEqual([null, ['a', 'b', 'd']]);
  });

  it('refreshes the first page keeping what was loaded further down, with fresh counts unless a live message came meanwhile', () => {
    let s = setInbox({ ...initialChat, meId: 'me' }, page([conv({ id: 'a' })], 'after-a'), {});
    s = appendInbox(s, page([conv({ id: 'b', unreadCount: 2, lastSeq: 2 }), conv({ id: 'c', unreadCount: 1, lastSeq: 1 })], 'after-c'));
    const asked = { a: 0, b: 2, c: 1 };
    // While the refresh is on its way, a message reaches c.
    s = receiveMessage(s, msg(2, them, { conversationId: 'c' }));
    // The answer: a new conversation on top; b was read on another device; c's count predates its message.
    s = setInbox(s, page([conv({ id: 'new' }), conv({ id: 'a' })], 'after-a'), { c: 1 }, asked);
    expect(Object.keys(s.conversations).sort()).toEqual(['a', 'b', 'c', 'new']);
    expect([s.conversations.b!.unreadCount, s.conversations.c!.unreadCount]).toEqual([0, 2]);
    // Paging goes on from the fresh first page: whatever moved up meanwhile is found again.
    expect(s.inboxCursor).toBe('after-a');
  });
});
