'use client';

import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import type { InboxPage } from '@/lib/contracts/chat';
import { ConversationList } from './conversation-list';

/** Two panes on wide screens; on phones the list or the conversation, never both. */
export function InboxFrame({ inbox, children }: { inbox: InboxPage; children: ReactNode }) {
  const pathname = usePathname();
  const activeId = pathname.startsWith('/inbox/') ? (pathname.split('/')[2] ?? null) : null;
  return (
    <div className="mx-auto flex h-full max-w-7xl border-x border-border bg-surface">
      <aside aria-label="Inbox" className={`h-full w-full shrink-0 border-r border-border md:block md:w-80 ${activeId ? 'hidden' : 'block'}`}>
        <ConversationList initial={inbox} activeId={activeId} />
      </aside>
      <section className={`h-full min-w-0 flex-1 ${activeId ? 'flex' : 'hidden md:flex'} flex-col`}>{children}</section>
    </div>
  );
}
