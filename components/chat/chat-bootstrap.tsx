'use client';

import { useEffect } from 'react';
import type { InboxPage } from '@/lib/contracts/chat';
import { setInbox } from '@/lib/client/chat-reducers';
import { useAppStore } from '@/lib/client/store';

/**
 * Seeds the chat store with the server's first paint and keeps the tab title counting
 * messages that arrive while the tab is hidden.
 */
export function ChatBootstrap({
  meId,
  inbox,
  unreadByConversation,
}: {
  meId: string;
  inbox: InboxPage;
  unreadByConversation: Record<string, number>;
}) {
  useEffect(() => {
    const store = useAppStore.getState();
    store.initChat(meId);
    store.applyChat((s) => setInbox(s, inbox, unreadByConversation));
    // Only once per signed-in user: later snapshots come from the live connection.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meId]);

  const unseen = useAppStore((s) => s.unseenWhileHidden);
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\+?\) /, '');
    document.title = unseen > 0 ? `(${unseen > 99 ? '99+' : unseen}) ${base}` : base;
  }, [unseen]);
  useEffect(() => {
    const onVisible = () => {
      if (!document.hidden) useAppStore.getState().seenWhileHidden('reset');
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
    };
  }, []);
  return null;
}
