import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/auth/current-user';
import { countUnread } from '@/lib/chat/count-unread';
import { readInboxConversations } from '@/lib/chat/hot-reads';
import { getServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const services = getServices();
  const [inbox, unread] = await Promise.all([readInboxConversations(services.database.query, user.id), countUnread(services.db, user.id)]);
  return (
    <AppShell user={user} inbox={inbox} unread={unread}>
      {children}
    </AppShell>
  );
}
