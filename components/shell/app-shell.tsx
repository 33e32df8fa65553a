'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import type { ReactNode } from 'react';
import type { InboxPage, UnreadCounts } from '@/lib/contracts/chat';
import type { Me } from '@/lib/contracts/common';
import { isConnectionDown } from '@/lib/client/slices/connection';
import { useAppStore } from '@/lib/client/store';
import { useSocket } from '@/lib/client/use-socket';
import { ChatBootstrap } from '../chat/chat-bootstrap';
import { UnreadNavBadge } from '../chat/unread-nav-badge';
import { NotificationBell } from '../notifications/notification-bell';
import { RequestsNavBadge } from '../requests/requests-nav-badge';
import { Avatar } from '../ui/avatar';
import { Logo } from '../ui/logo';
import { StatusSelect } from './status-select';

/** The signed-in frame: navigation, who is signed in, and the live-connection banner. */
export function AppShell({
  user,
  inbox,
  unread,
  children,
}: {
  user: Me;
  inbox: InboxPage;
  unread: UnreadCounts;
  children: ReactNode;
}) {
  useSocket();
  const pathname = usePathname();
  const down = useAppStore((s) => isConnectionDown(s.connection));
  const links = [
    { href: '/inbox', label: 'Inbox', badge: <UnreadNavBadge initial={unread.total} /> },
    { href: '/requests', label: 'Requests', badge: <RequestsNavBadge /> },
    ...(user.role === 'brand' ? [{ href: '/influencers', label: 'Influencers', badge: null }] : []),
    { href: '/settings', label: 'Settings', badge: null },
  ];
  return (
    <div className="flex h-dvh flex-col">
      <ChatBootstrap meId={user.id} inbox={inbox} unreadByConversation={unread.byConversation} />
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 md:h-14 md:flex-nowrap md:py-0">
          <Logo href="/inbox" />
          {/* On phones the navigation takes its own scrollable row under the logo. */}
          <nav aria-label="Main" className="order-last -mx-1 flex w-full items-center gap-1 overflow-x-auto md:order-none md:mx-0 md:w-auto">
            {links.map((link) => {
              const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
              return (
                <Link
                  key={link.href}
                  href={link.href}
                  aria-current={active ? 'page' : undefined}
                  className={`inline-flex shrink-0 items-center rounded-lg px-3 py-1.5 text-sm font-medium ${active ? 'bg-surface-3 text-text' : 'text-muted hover:bg-surface-3 hover:text-text'}`}
                >
                  {link.label}
                  {link.badge}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto flex items-center gap-3">
            <StatusSelect initial={user.status} />
            <NotificationBell />
            <div className="hidden text-right sm:block">
              <p className="text-sm font-medium leading-tight">{user.name}</p>
              <p className="text-xs capitalize text-muted">{user.role}</p>
            </div>
            <span className="hidden sm:inline-flex">
              <Avatar name={user.name} src={user.avatarUrl} seed={user.id} size={32} />
            </span>
            <button
              type="button"
              onClick={() => void signOut({ callbackUrl: '/sign-in' })}
              className="rounded-lg px-3 py-1.5 text-sm font-medium text-muted hover:bg-surface-3 hover:text-text"
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      {down ? (
        <div role="status" className="bg-status-pending/15 px-4 py-2 text-center text-sm text-text">
          Live connection lost. Reconnecting… Messages you send will be delivered when it is back.
        </div>
      ) : null}
      <main className="min-h-0 flex-1">{children}</main>
    </div>
  );
}
