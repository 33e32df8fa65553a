import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/auth/current-user';
import { countUnread } from '@/lib/chat/count-unread';
import { firstInboxPage } from '@/lib/chat/first-inbox-page';
import { getServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const [inbox, unread] = await Promise.all([firstInboxPage(user.id), countUnread(getServices().db, user.id)]);
  return (
    <AppShell user={user} inbox={inbox} unread={unread}>
      {children}
    </AppShell>
  );
}
