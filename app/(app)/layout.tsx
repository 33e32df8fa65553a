import type { ReactNode } from 'react';
import { AppShell } from '@/components/shell/app-shell';
import { requireUser } from '@/lib/auth/current-user';
import { readInboxConversations } from '@/lib/chat/hot-reads';
import { getServices } from '@/lib/services';

export const dynamic = 'force-dynamic';

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const conversations = await readInboxConversations(getServices().database.query, user.id);
  return (
    <AppShell user={user} conversations={conversations}>
      {children}
    </AppShell>
  );
}
