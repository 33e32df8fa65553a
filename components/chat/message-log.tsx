'use client';

import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message } from '@/lib/contracts/chat';
import type { PendingMessage } from '@/lib/client/chat-reducers';
import { dayLabel } from './format-time';
import { MessageBubble, type LogItem } from './message-bubble';

const GROUP_MS = 5 * 60_000;
const NEAR_BOTTOM_PX = 80;

function buildItems(messages: Message[], pending: PendingMessage[], meId: string): LogItem[] {
  const items: LogItem[] = [];
  let lastOwnIndex = -1;
  messages.forEach((m, i) => {
    const prev = messages[i - 1];
    const groupStart =
      !prev || prev.sender.id !== m.sender.id || prev.messageType === 'system' || new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() > GROUP_MS;
    const mine = m.sender.id === meId;
    if (mine && m.messageType !== 'system') lastOwnIndex = items.length;
    items.push({ kind: 'stored', message: m, mine, groupStart, showStatus: false });
  });
  // Status words under the latest own message, like the chat tools people know.
  const lastOwn = items[lastOwnIndex];
  if (lastOwn?.kind === 'stored') items[lastOwnIndex] = { ...lastOwn, showStatus: true };
  const last = messages[messages.length - 1];
  pending.forEach((p, i) => items.push({ kind: 'pending', pending: p, groupStart: i === 0 && (!last || last.sender.id !== meId) }));
  return items;
}

function dayOf(item: LogItem): string {
  return new Date(item.kind === 'stored' ? item.message.createdAt : item.pending.createdAt).toDateString();
}

/**
 * The message log: follows new messages while the reader is at the bottom, never yanks a
 * reader who scrolled up (a "new messages" pill instead), and loads older history on the way up.
 */
export function MessageLog({
  messages,
  pending,
  meId,
  hasMoreBefore,
  onLoadOlder,
  onAtBottomChange,
  onRetry,
  onDiscard,
}: {
  messages: Message[];
  pending: PendingMessage[];
  meId: string;
  hasMoreBefore: boolean;
  onLoadOlder: () => Promise<void>;
  onAtBottomChange: (atBottom: boolean) => void;
  onRetry: (tempId: string) => void;
  onDiscard: (tempId: string) => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const restore = useRef<number | null>(null);
  const [unseen, setUnseen] = useState(0);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const items = useMemo(() => buildItems(messages, pending, meId), [messages, pending, meId]);
  const firstSeq = messages[0]?.seq;
  const lastKey = items.length ? (items[items.length - 1]!.kind === 'stored' ? `s${(items[items.length - 1] as { message: Message }).message.id}` : `p${(items[items.length - 1] as { pending: PendingMessage }).pending.tempId}`) : '';
  const lastIsMine = items.length > 0 && (items[items.length - 1]!.kind === 'pending' || (items[items.length - 1] as { mine: boolean }).mine);

  const scrollToBottom = useCallback(() => {
    const el = ref.current;
    if (el) el.scrollTop = el.scrollHeight;
    setUnseen(0);
  }, []);

  // Older history was prepended: keep the reader's place.
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && restore.current !== null) {
      el.scrollTop = el.scrollHeight - restore.current;
      restore.current = null;
    }
  }, [firstSeq]);

  // Something new at the bottom: follow it, or count it in the pill.
  useLayoutEffect(() => {
    if (!lastKey) return;
    if (atBottom.current || lastIsMine) scrollToBottom();
    else setUnseen((n) => n + 1);
  }, [lastKey, lastIsMine, scrollToBottom]);

  useEffect(() => {
    scrollToBottom();
  }, [scrollToBottom]);

  const onScroll = () => {
    const el = ref.current;
    if (!el) return;
    const bottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (bottom !== atBottom.current) {
      atBottom.current = bottom;
      onAtBottomChange(bottom);
    }
    if (bottom) setUnseen(0);
    if (el.scrollTop < 150 && hasMoreBefore && !loadingOlder) {
      setLoadingOlder(true);
      restore.current = el.scrollHeight - el.scrollTop;
      void onLoadOlder().finally(() => setLoadingOlder(false));
    }
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div ref={ref} onScroll={onScroll} className="h-full overflow-y-auto py-4" role="log" aria-label="Messages" aria-live="polite" aria-relevant="additions">
        {hasMoreBefore ? (
          <p className="py-2 text-center text-xs text-muted">{loadingOlder ? 'Loading earlier messages…' : 'Scroll up for earlier messages'}</p>
        ) : messages.length > 0 ? (
          <p className="py-2 text-center text-xs text-muted">This is the start of your conversation.</p>
        ) : null}
        {items.length === 0 ? <p className="px-6 py-16 text-center text-sm text-muted">No messages yet. Say hello!</p> : null}
        <ol className="list-none">
          {items.map((item, i) => {
            const key = item.kind === 'stored' ? `s${item.message.id}` : `p${item.pending.tempId}`;
            const newDay = i === 0 || dayOf(items[i - 1]!) !== dayOf(item);
            return (
              <Fragment key={key}>
                {newDay ? (
                  <li role="separator" className="my-4 flex items-center gap-3 px-6 text-xs font-medium text-muted">
                    <span className="h-px flex-1 bg-border" />
                    {dayLabel(item.kind === 'stored' ? item.message.createdAt : item.pending.createdAt)}
                    <span className="h-px flex-1 bg-border" />
                  </li>
                ) : null}
                <MessageBubble item={item} onRetry={onRetry} onDiscard={onDiscard} />
              </Fragment>
            );
          })}
        </ol>
      </div>
      {unseen > 0 ? (
        <button
          type="button"
          onClick={scrollToBottom}
          className="absolute bottom-3 left-1/2 -translate-x-1/2 rounded-full bg-accent px-4 py-1.5 text-sm font-medium text-on-accent shadow-lg"
        >
          {unseen === 1 ? '1 new message' : `${unseen} new messages`} ↓
        </button>
      ) : null}
    </div>
  );
}
