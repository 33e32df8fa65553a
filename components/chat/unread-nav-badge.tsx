'use client';

import { totalUnread } from '@/lib/client/chat-reducers';
import { useAppStore } from '@/lib/client/store';
import { CountBadge } from '../ui/count-badge';

/** Unread messages across all conversations, beside the "Inbox" link; the server's count until the store is seeded. */
export function UnreadNavBadge({ initial }: { initial: number }) {
  const count = useAppStore((s) => (s.chat.meId ? totalUnread(s.chat) : initial));
  return <CountBadge count={count} label="unread" />;
}
