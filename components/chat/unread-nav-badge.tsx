'use client';

import { useAppStore } from '@/lib/client/store';
import { CountBadge } from '../ui/count-badge';

/** Unread messages across all conversations, beside the "Inbox" link. */
export function UnreadNavBadge() {
  const count = useAppStore((s) => s.unreadTotal);
  return <CountBadge count={count} label="unread" />;
}
