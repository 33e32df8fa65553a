import type { ReactNode } from 'react';
import { InboxFrame } from '@/components/chat/inbox-frame';
import { requireUser } from '@/lib/auth/current-user';
import { readInboxConversations } from '@/lib/chat/hot-reads';
import { getServices } from '@/lib/services';

export default async function InboxLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const inbox = await readInboxConversations(getServices().database.query, user.id);
  return <InboxFrame inbox={inbox}>{children}</InboxFrame>;
}
