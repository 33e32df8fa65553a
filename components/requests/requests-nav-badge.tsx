'use client';

import { useAppStore } from '@/lib/client/store';
import { CountBadge } from '../ui/count-badge';

/** Pending requests waiting for the user's answer, beside the "Requests" link. */
export function RequestsNavBadge() {
  const count = useAppStore((s) => s.pendingIncoming);
  return <CountBadge count={count} label="pending" />;
}
