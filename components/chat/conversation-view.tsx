'use client';

import Link from 'next/link';
import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import type { Conversation, Message } from '@/lib/contracts/chat';
import type { Me } from '@/lib/contracts/common';
import type { PendingMessage } from '@/lib/client/chat-reducers';
import { useAppStore } from '@/lib/client/store';
import { Avatar } from '../ui/avatar';
import { Composer } from './composer';
import { HideConversation } from './hide-conversation';
import { MessageLog } from './message-log';
import { lastSeenText, PresenceDot, presenceLabel } from './presence';
import { useUploads, type UploadedFile } from './use-uploads';

const EMPTY_MESSAGES: Message[] = [];
const EMPTY_PENDING: PendingMessage[] = [];

/** One conversation: header with presence, the live log, typing, and the composer. */
export function ConversationView({ me, conversation, initial }: { me: Me; conversation: Conversation; initial: { messages: Message[]; hasMore: boolean } }) {
  const id = conversation.id;
  const other = conversation.otherParticipant;
  const seeded = useAppStore((s) => s.chat.meId !== null);
  const log = useAppStore((s) => s.chat.logs[id]);
  const pending = useAppStore((s) => s.chat.pending[id] ?? EMPTY_PENDING);
  const presence = useAppStore((s) => s.chat.presence[other.id]);
  const typists = useAppStore((s) => s.chat.typing[id]);
  const unread = useAppStore((s) => s.chat.conversations[id]?.unreadCount ?? 0);
  const connected = useAppStore((s) => s.connection.status === 'connected');
  const actions = useAppStore.getState();
  const atBottom = useRef(true);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    if (!seeded) return;
    const store = useAppStore.getState();
    if (!store.chat.conversations[id]) store.upsertConversation(conversation);
    store.openConversation(id, initial);
    return () => useAppStore.getState().closeConversation(id);
    // The server's first page seeds the log once; live events and catch-up do the rest.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, seeded]);

  useEffect(() => {
    if (connected) useAppStore.getState().checkPresence(other.id);
  }, [connected, other.id]);

  // Read when seen: the tab is visible and focused and the reader is at the bottom.
  const markIfSeen = useCallback(() => {
    if (atBottom.current && document.visibilityState === 'visible' && document.hasFocus()) useAppStore.getState().markRead(id);
  }, [id]);
  useEffect(() => {
    if (unread > 0) markIfSeen();
  }, [unread, markIfSeen]);
  useEffect(() => {
    window.addEventListener('focus', markIfSeen);
    document.addEventListener('visibilitychange', markIfSeen);
    return () => {
      window.removeEventListener('focus', markIfSeen);
      document.removeEventListener('visibilitychange', markIfSeen);
    };
  }, [markIfSeen]);

  // Typing indicators lapse on their own if a stop never arrives.
  const [, tick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  const typingNames = Object.values(typists ?? {})
    .filter((t) => t.until > Date.now())
    .map((t) => t.name);

  const onUploaded = useCallback((file: UploadedFile) => useAppStore.getState().send(id, '', file), [id]);
  const uploads = useUploads(onUploaded);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = [...e.dataTransfer.files];
    if (files.length) uploads.start(files);
  };

  const label = presenceLabel(presence);
  const seen = label === 'Offline' ? lastSeenText(presence?.lastSeenAt) : null;
  const messages = log?.items ?? (seeded ? EMPTY_MESSAGES : initial.messages);

  return (
    <div
      className="relative flex h-full min-h-0 flex-1 flex-col"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes('Files')) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <header className="flex items-center gap-3 border-b border-border px-4 py-3">
        <Link href="/inbox" className="rounded-lg p-1 text-muted hover:bg-surface-3 md:hidden" aria-label="Back to inbox">
          ←
        </Link>
        <span className="relative">
          <Avatar name={other.name} src={other.avatarUrl} seed={other.id} size={36} />
          <PresenceDot presence={presence} className="absolute -bottom-0.5 -right-0.5" />
        </span>
        <div className="min-w-0">
          <h1 className="truncate text-sm font-semibold">{other.name}</h1>
          <p className="text-xs text-muted">
            <span data-testid="presence">{label}</span>
            {seen ? <span> · {seen}</span> : null}
            <span> · @{other.handle}</span>
          </p>
        </div>
        <HideConversation conversationId={id} otherName={other.name} />
      </header>
      <MessageLog
        messages={messages}
        pending={pending}
        meId={me.id}
        hasMoreBefore={log?.hasMoreBefore ?? initial.hasMore}
        onLoadOlder={() => actions.loadOlder(id)}
        onAtBottomChange={(bottom) => {
          atBottom.current = bottom;
          if (bottom) markIfSeen();
        }}
        onRetry={(tempId) => useAppStore.getState().retry(id, tempId)}
        onDiscard={(tempId) => useAppStore.getState().discard(id, tempId)}
      />
      <p aria-live="polite" className="h-5 px-4 text-xs text-muted">
        {typingNames.length ? `${typingNames.join(', ')} ${typingNames.length > 1 ? 'are' : 'is'} typing…` : ''}
      </p>
      <Composer
        onSend={(content) => useAppStore.getState().send(id, content)}
        onTyping={(active) => useAppStore.getState().typing(id, active)}
        uploads={uploads.uploads}
        onFiles={uploads.start}
        onDismissUpload={uploads.dismiss}
      />
      {dragging ? (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center border-2 border-dashed border-accent bg-accent/10 text-sm font-medium">
          Drop files to send them to {other.name}
        </div>
      ) : null}
    </div>
  );
}
