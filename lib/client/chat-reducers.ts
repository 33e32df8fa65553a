import type { Conversation, InboxPage, Message } from '../contracts/chat';
import type { OnlineStatus, ReadReceipt, TypingPayload } from '../contracts/events';

/** A message written here and not yet confirmed by the server. */
export type PendingMessage = {
  tempId: string;
  conversationId: string;
  content: string;
  attachmentId?: string | undefined;
  /** For an optimistic preview while the file is on its way. */
  attachment?: { name: string; mime: string; size: number; url: string | null } | undefined;
  status: 'sending' | 'failed';
  error?: string | undefined;
  createdAt: string;
};

export type MessageLog = {
  /** Stored messages, ascending seq, one per id. */
  items: Message[];
  /** More history exists before the first item. */
  hasMoreBefore: boolean;
};

export type Presence = Pick<OnlineStatus, 'isOnline' | 'status' | 'lastSeenAt'>;

export type ChatState = {
  meId: string | null;
  conversations: Record<string, Conversation>;
  logs: Record<string, MessageLog>;
  pending: Record<string, PendingMessage[]>;
  /** conversationId → userId → typist name and when the indicator lapses (ms). */
  typing: Record<string, Record<string, { name: string; until: number }>>;
  presence: Record<string, Presence>;
  /** The inbox's next page; null when every conversation is loaded. */
  inboxCursor: string | null;
  /** Unread counts of the conversations not loaded yet (GET /api/chat/unread-count), for the total. */
  unreadElsewhere: Record<string, number>;
  /**
   * Conversations I hid (here, in another tab or on another device), each with its last seq
   * then: left out of the inbox and the unread total until a later message arrives.
   */
  hidden: Record<string, number>;
};

export const initialChat: ChatState = {
  meId: null,
  conversations: {},
  logs: {},
  pending: {},
  typing: {},
  presence: {},
  inboxCursor: null,
  unreadElsewhere: {},
  hidden: {},
};

/** Merges messages into a log: dedupes by id, orders by seq; the newest copy of an id wins. */
export function mergeMessages(items: readonly Message[], incoming: readonly Message[]): Message[] {
  if (incoming.length === 0) return items as Message[];
  const byId = new Map<number, Message>();
  for (const m of items) byId.set(m.id, m);
  for (const m of incoming) byId.set(m.id, m);
  return [...byId.values()].sort((a, b) => a.seq - b.seq);
}

/** The highest seq held for a conversation without a hole below it. */
export function contiguousSeq(items: readonly Message[]): number {
  return items.length ? items[items.length - 1]!.seq : 0;
}

/** True when `message` leaves a hole after what a loaded log holds: the client must catch up from REST. */
export function hasGap(log: MessageLog | undefined, message: Message): boolean {
  return log !== undefined && message.seq > contiguousSeq(log.items) + 1;
}

/**
 * The inbox's first page with the unread count of every conversation: the first snapshot, or
 * a refresh after a reconnect. A refresh keeps what was loaded further down, takes the fresh
 * counts for those no live message reached while the answer was on its way (`lastSeqAsked`:
 * each conversation's lastSeq when it was asked for), and pages on from the fresh first page,
 * so conversations that moved up meanwhile are found again. The counts of conversations not
 * loaded keep the total right.
 */
export function setInbox(
  state: ChatState,
  page: InboxPage,
  unreadByConversation: Record<string, number>,
  lastSeqAsked: Record<string, number> = {},
): ChatState {
  const conversations: Record<string, Conversation> = {};
  const listed = new Set(page.conversations.map((c) => c.id));
  const lastListed = page.conversations.at(-1);
  const hidden = { ...state.hidden };
  for (const c of Object.values(state.conversations)) {
    const unchanged = lastSeqAsked[c.id] === c.lastSeq;
    const unreadCount = unchanged ? (unreadByConversation[c.id] ?? 0) : c.unreadCount;
    conversations[c.id] = unreadCount === c.unreadCount ? c : { ...c, unreadCount };
    // Missing from a page it belongs on, with nothing new since it was asked for: hidden
    // elsewhere while this tab was not listening.
    const belongsOnPage = page.nextCursor === null || (lastListed !== undefined && c.updatedAt > lastListed.updatedAt);
    if (unchanged && !listed.has(c.id) && belongsOnPage && (hidden[c.id] ?? -1) < c.lastSeq) hidden[c.id] = c.lastSeq;
  }
  // A conversation not loaded here that the server counts as unread is listed there again.
  for (const id of Object.keys(unreadByConversation)) if (!state.conversations[id]) delete hidden[id];
  for (const c of page.conversations) conversations[c.id] = newer(state.conversations[c.id], c);
  return { ...state, conversations, inboxCursor: page.nextCursor, unreadElsewhere: unreadByConversation, hidden };
}

/**
 * I hid a conversation (conversation:hidden, or this tab's own DELETE) when its last message
 * had seq `lastSeq`; a later message has already brought it back if this tab holds one.
 */
export function conversationHidden(state: ChatState, { conversationId, lastSeq }: { conversationId: string; lastSeq: number }): ChatState {
  const c = state.conversations[conversationId];
  if ((c && c.lastSeq > lastSeq) || (state.hidden[conversationId] ?? -1) >= lastSeq) return state;
  return { ...state, hidden: { ...state.hidden, [conversationId]: lastSeq } };
}

/** Whether the inbox lists a loaded conversation: not hidden, or a message came after. */
export function isListed(state: Pick<ChatState, 'hidden'>, c: Conversation): boolean {
  const hiddenAt = state.hidden[c.id];
  return hiddenAt === undefined || c.lastSeq > hiddenAt;
}

/** A further page of the inbox. */
export function appendInbox(state: ChatState, page: InboxPage): ChatState {
  const conversations = { ...state.conversations };
  for (const c of page.conversations) conversations[c.id] = newer(state.conversations[c.id], c);
  return { ...state, conversations, inboxCursor: page.nextCursor };
}

export function upsertConversation(state: ChatState, conversation: Conversation): ChatState {
  return { ...state, conversations: { ...state.conversations, [conversation.id]: newer(state.conversations[conversation.id], conversation) } };
}

// A conversation snapshot fetched earlier must not undo what live events already applied.
function newer(current: Conversation | undefined, next: Conversation): Conversation {
  if (!current || next.lastSeq >= current.lastSeq) {
    return current
      ? { ...next, lastReadSeq: Math.max(next.lastReadSeq, current.lastReadSeq), otherLastReadSeq: Math.max(next.otherLastReadSeq, current.otherLastReadSeq), unreadCount: Math.max(0, next.lastSeq - Math.max(next.lastReadSeq, current.lastReadSeq)) }
      : next;
  }
  return current;
}

/** Adds a page of history (or a catch-up) to a conversation's log. */
export function addHistory(state: ChatState, conversationId: string, messages: Message[], page: { hasMoreBefore?: boolean }): ChatState {
  const log = state.logs[conversationId] ?? { items: [], hasMoreBefore: true };
  const items = mergeMessages(log.items, messages);
  let next: ChatState = {
    ...state,
    logs: { ...state.logs, [conversationId]: { items, hasMoreBefore: page.hasMoreBefore ?? log.hasMoreBefore } },
  };
  const last = items[items.length - 1];
  if (last) next = touchConversation(next, last);
  return dropConfirmed(next, conversationId, messages);
}

/** A stored message arrived (message:new, message:sent, message:notification, REST reply). */
export function receiveMessage(state: ChatState, message: Message): ChatState {
  const log = state.logs[message.conversationId];
  let next = state;
  if (log) {
    next = { ...next, logs: { ...next.logs, [message.conversationId]: { ...log, items: mergeMessages(log.items, [message]) } } };
  }
  next = touchConversation(next, message);
  next = dropConfirmed(next, message.conversationId, [message]);
  // A message from someone ends their typing indicator.
  const typists = next.typing[message.conversationId];
  if (typists?.[message.sender.id]) {
    const { [message.sender.id]: _gone, ...rest } = typists;
    next = { ...next, typing: { ...next.typing, [message.conversationId]: rest } };
  }
  return next;
}

function touchConversation(state: ChatState, message: Message): ChatState {
  const c = state.conversations[message.conversationId];
  if (!c || message.seq <= c.lastSeq) return state;
  const mine = message.sender.id === state.meId;
  const lastReadSeq = mine ? Math.max(c.lastReadSeq, message.seq) : c.lastReadSeq;
  return upsertConversationRaw(state, {
    ...c,
    lastSeq: message.seq,
    lastMessage: message,
    lastReadSeq,
    unreadCount: Math.max(0, message.seq - lastReadSeq),
    updatedAt: message.createdAt,
  });
}

function upsertConversationRaw(state: ChatState, c: Conversation): ChatState {
  return { ...state, conversations: { ...state.conversations, [c.id]: c } };
}

function dropConfirmed(state: ChatState, conversationId: string, messages: readonly Message[]): ChatState {
  const pending = state.pending[conversationId];
  if (!pending?.length) return state;
  const confirmed = new Set(messages.filter((m) => m.sender.id === state.meId && m.tempId).map((m) => m.tempId));
  if (confirmed.size === 0) return state;
  const rest = pending.filter((p) => !confirmed.has(p.tempId));
  return rest.length === pending.length ? state : { ...state, pending: { ...state.pending, [conversationId]: rest } };
}

/** Shows a message at once, before the server has it. */
export function addPending(state: ChatState, item: PendingMessage): ChatState {
  const list = state.pending[item.conversationId] ?? [];
  const without = list.filter((p) => p.tempId !== item.tempId);
  return { ...state, pending: { ...state.pending, [item.conversationId]: [...without, item] } };
}

export function markPending(state: ChatState, conversationId: string, tempId: string, status: PendingMessage['status'], error?: string): ChatState {
  const list = state.pending[conversationId];
  if (!list) return state;
  return {
    ...state,
    pending: { ...state.pending, [conversationId]: list.map((p) => (p.tempId === tempId ? { ...p, status, error } : p)) },
  };
}

export function removePending(state: ChatState, conversationId: string, tempId: string): ChatState {
  const list = state.pending[conversationId];
  if (!list) return state;
  return { ...state, pending: { ...state.pending, [conversationId]: list.filter((p) => p.tempId !== tempId) } };
}

/** The other participant read up to `lastReadSeq`: my messages up to there show "Read". */
export function otherRead(state: ChatState, receipt: ReadReceipt): ChatState {
  const c = state.conversations[receipt.conversationId];
  const log = state.logs[receipt.conversationId];
  let next = state;
  if (c && receipt.lastReadSeq > c.otherLastReadSeq) {
    next = upsertConversationRaw(next, {
      ...c,
      otherLastReadSeq: receipt.lastReadSeq,
      lastMessage: c.lastMessage && c.lastMessage.sender.id === state.meId && c.lastMessage.seq <= receipt.lastReadSeq ? { ...c.lastMessage, isRead: true } : c.lastMessage,
    });
  }
  if (log) {
    const items = log.items.map((m) => (m.sender.id === state.meId && !m.isRead && m.seq <= receipt.lastReadSeq ? { ...m, isRead: true } : m));
    next = { ...next, logs: { ...next.logs, [receipt.conversationId]: { ...log, items } } };
  }
  return next;
}

/** The server's unread counts; only those of conversations not loaded count (totalUnread). */
export function setUnreadElsewhere(state: ChatState, byConversation: Record<string, number>): ChatState {
  return { ...state, unreadElsewhere: byConversation };
}

/** I read up to `lastReadSeq` (this tab or another). */
export function iRead(state: ChatState, receipt: ReadReceipt): ChatState {
  const c = state.conversations[receipt.conversationId];
  if (!c) {
    // Read in another tab or device while not loaded here: dropped until the server says what is left (readElsewhere).
    if (!state.unreadElsewhere[receipt.conversationId]) return state;
    const { [receipt.conversationId]: _read, ...rest } = state.unreadElsewhere;
    return { ...state, unreadElsewhere: rest };
  }
  if (receipt.lastReadSeq <= c.lastReadSeq) return state;
  return upsertConversationRaw(state, { ...c, lastReadSeq: receipt.lastReadSeq, unreadCount: Math.max(0, c.lastSeq - receipt.lastReadSeq) });
}

export function typingStarted(state: ChatState, payload: TypingPayload, now: number, ttlMs = 8000): ChatState {
  if (payload.user.userId === state.meId) return state;
  const current = state.typing[payload.conversationId] ?? {};
  return {
    ...state,
    typing: { ...state.typing, [payload.conversationId]: { ...current, [payload.user.userId]: { name: payload.user.name, until: now + ttlMs } } },
  };
}

export function typingStopped(state: ChatState, payload: TypingPayload): ChatState {
  const current = state.typing[payload.conversationId];
  if (!current?.[payload.user.userId]) return state;
  const { [payload.user.userId]: _gone, ...rest } = current;
  return { ...state, typing: { ...state.typing, [payload.conversationId]: rest } };
}

export function setPresence(state: ChatState, userId: string, patch: Partial<Presence>): ChatState {
  const current = state.presence[userId] ?? { isOnline: false, status: 'offline', lastSeenAt: null };
  return { ...state, presence: { ...state.presence, [userId]: { ...current, ...patch } } };
}

/** The inbox: listed conversations by latest activity. */
export function sortedConversations(state: Pick<ChatState, 'conversations' | 'hidden'>): Conversation[] {
  return Object.values(state.conversations)
    .filter((c) => isListed(state, c))
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? 1 : -1));
}

/**
 * Unread messages across every listed conversation: the loaded ones count themselves, the
 * others by the server's count.
 */
export function totalUnread(state: Pick<ChatState, 'conversations' | 'unreadElsewhere' | 'hidden'>): number {
  let n = 0;
  for (const c of Object.values(state.conversations)) if (isListed(state, c)) n += c.unreadCount;
  for (const [id, count] of Object.entries(state.unreadElsewhere)) if (!state.conversations[id] && state.hidden[id] === undefined) n += count;
  return n;
}
