'use client';

import Link from 'next/link';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InboxPage, Message } from '@/lib/contracts/chat';
import { chatApi } from '@/lib/client/chat-api';
import { sortedConversations } from '@/lib/client/chat-reducers';
import { useAppStore } from '@/lib/client/store';
import { Avatar } from '../ui/avatar';
import { DesktopNotificationsPrompt } from './desktop-notifications-prompt';
import { shortTime } from './format-time';
import { PresenceDot, presenceLabel } from './presence';

function preview(message: Message | null, meId: string | null): string {
  if (!message) return 'No messages yet';
  const body = message.content || (message.attachmentName ? `📎 ${message.attachmentName}` : 'Attachment');
  return message.sender.id === meId && message.messageType !== 'system' ? `You: ${body}` : body;
}

/**
 * The inbox list: most recent activity first, presence, preview and unread count; search on
 * top. It holds a page at a time: the next one loads when the end of the list scrolls into
 * view (or by its button).
 */
export function ConversationList({ initial, activeId }: { initial: InboxPage; activeId: string | null }) {
  const seeded = useAppStore((s) => s.chat.meId !== null);
  const live = useAppStore((s) => s.chat.conversations);
  const hidden = useAppStore((s) => s.chat.hidden);
  const liveCursor = useAppStore((s) => s.chat.inboxCursor);
  const meId = useAppStore((s) => s.chat.meId);
  const presence = useAppStore((s) => s.chat.presence);
  const connected = useAppStore((s) => s.connection.status === 'connected');
  const conversations = useMemo(() => (seeded ? sortedConversations({ conversations: live, hidden }) : initial.conversations), [seeded, live, hidden, initial]);
  const hasMore = (seeded ? liveCursor : initial.nextCursor) !== null;
  const hiddenCount = Object.keys(hidden).length;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<(Message & { highlight: string })[] | null>(null);

  // Presence of everyone listed: live events keep it fresh after this first look.
  const others = conversations.slice(0, 30).map((c) => c.otherParticipant.id).join(',');
  useEffect(() => {
    if (!connected || !others) return;
    for (const id of others.split(',')) useAppStore.getState().checkPresence(id);
  }, [connected, others]);

  useEffect(() => {
    const q = query.trim();
    if (q.length < 2) {
      setResults(null);
      return;
    }
    const timer = setTimeout(() => {
      chatApi
        .search(q)
        .then((r) => setResults(r.messages))
        .catch(() => setResults([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <div className="flex h-full flex-col">
      <DesktopNotificationsPrompt />
      <div className="border-b border-border p-3">
        <label className="sr-only" htmlFor="inbox-search">
          Search messages
        </label>
        <input
          id="inbox-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search messages"
          className="w-full rounded-lg border border-border bg-surface-2 px-3 py-2 text-sm placeholder:text-muted focus:border-accent focus:outline-none"
        />
      </div>
      {results ? (
        <ul aria-label="Search results" className="min-h-0 flex-1 overflow-y-auto">
          {results.length === 0 ? <li className="p-4 text-sm text-muted">No messages match “{query.trim()}”.</li> : null}
          {results.map((m) => {
            const c = live[m.conversationId] ?? initial.conversations.find((x) => x.id === m.conversationId);
            return (
              <li key={m.id}>
                <Link href={`/inbox/${m.conversationId}`} className="block border-b border-border px-4 py-3 hover:bg-surface-3">
                  <p className="text-xs text-muted">
                    {c?.otherParticipant.name ?? 'Conversation'} · {shortTime(m.createdAt)}
                  </p>
                  <p className="mt-0.5 line-clamp-2 text-sm">
                    {m.highlight.split(/(«[^»]*»)/).map((part, i) =>
                      part.startsWith('«') ? (
                        <mark key={i} className="rounded bg-status-pending/25 px-0.5 text-text">
                          {part.slice(1, -1)}
                        </mark>
                      ) : (
                        <span key={i}>{part}</span>
                      ),
                    )}
                  </p>
                </Link>
              </li>
            );
          })}
        </ul>
      ) : conversations.length === 0 && !hasMore ? (
        <p className="p-6 text-sm text-muted">
          {hiddenCount > 0
            ? 'No conversations to show. A conversation you hid comes back when a new message arrives in it.'
            : 'No conversations yet. A conversation opens when a collaboration request is accepted.'}
        </p>
      ) : (
        <div className="min-h-0 flex-1 overflow-y-auto">
          <ul aria-label="Conversations">
            {conversations.map((c) => {
              const active = c.id === activeId;
              const p = presence[c.otherParticipant.id];
              return (
                <li key={c.id}>
                  <Link
                    href={`/inbox/${c.id}`}
                    aria-current={active ? 'page' : undefined}
                    className={`flex items-center gap-3 border-b border-border px-4 py-3 ${active ? 'bg-surface-3' : 'hover:bg-surface-3/60'}`}
                  >
                    <span className="relative">
                      <Avatar name={c.otherParticipant.name} src={c.otherParticipant.avatarUrl} seed={c.otherParticipant.id} size={40} />
                      <PresenceDot presence={p} className="absolute -bottom-0.5 -right-0.5" />
                    </span>
                    <span className="min-w-0 flex-1">
                      <span className="flex items-baseline justify-between gap-2">
                        <span className={`truncate text-sm ${c.unreadCount > 0 ? 'font-semibold' : 'font-medium'}`}>{c.otherParticipant.name}</span>
                        <span className="shrink-0 text-xs text-muted">{shortTime(c.updatedAt)}</span>
                      </span>
                      <span className="mt-0.5 flex items-center justify-between gap-2">
                        <span className={`truncate text-sm ${c.unreadCount > 0 ? 'text-text' : 'text-muted'}`}>{preview(c.lastMessage, meId)}</span>
                        {c.unreadCount > 0 ? (
                          <span className="inline-flex min-w-5 shrink-0 items-center justify-center rounded-full bg-accent px-1.5 text-xs font-semibold leading-5 text-on-accent">
                            {c.unreadCount}
                            <span className="sr-only"> unread</span>
                          </span>
                        ) : null}
                      </span>
                      <span className="sr-only">{presenceLabel(p)}</span>
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
          {hasMore ? <MoreConversations enabled={seeded} /> : null}
        </div>
      )}
    </div>
  );
}

/**
 * The end of a partly loaded list: loads the next page when it scrolls into view, or on a
 * click. It stays focusable while loading (a disabled button would drop keyboard focus), and
 * its state is announced.
 */
function MoreConversations({ enabled }: { enabled: boolean }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [state, setState] = useState<'idle' | 'loading' | 'failed'>('idle');
  const busy = !enabled || state === 'loading';
  const load = useCallback(() => {
    setState('loading');
    useAppStore
      .getState()
      .loadMoreConversations()
      .then(() => setState('idle'))
      .catch(() => setState('failed'));
  }, []);
  useEffect(() => {
    const button = ref.current;
    if (!enabled || !button || state !== 'idle') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) load();
    });
    observer.observe(button);
    return () => observer.disconnect();
  }, [enabled, state, load]);
  return (
    <div className="border-b border-border">
      <button
        ref={ref}
        type="button"
        aria-disabled={busy}
        onClick={() => {
          if (!busy) load();
        }}
        className="w-full px-4 py-3 text-center text-sm text-muted hover:bg-surface-3/60 hover:text-text aria-disabled:cursor-default"
      >
        Load more conversations
      </button>
      <p role="status" className={state === 'idle' ? 'sr-only' : 'px-4 pb-3 text-center text-xs text-muted'}>
        {state === 'loading' ? 'Loading conversations…' : state === 'failed' ? 'Could not load more conversations. Try again.' : ''}
      </p>
    </div>
  );
}
