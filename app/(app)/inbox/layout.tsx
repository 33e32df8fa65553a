import type { ReactNode } from 'react';
import { InboxFrame } from '@/components/chat/inbox-frame';
import { requireUser } from '@/lib/auth/current-user';
import { firstInboxPage } from '@/lib/chat/first-inbox-page';

export default async function InboxLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const inbox = await firstInboxPage(user.id);
  return <InboxFrame inbox={inbox}>{children}</InboxFrame>;
}
