import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Inbox' };

export default async function InboxPage() {
  const user = await requireUser();
  return (
    <EmptyState title="No conversations yet">
      {user.role === 'brand'
        ? 'A conversation opens when an influencer accepts one of your collaboration requests.'
        : 'A conversation opens when you accept a brand’s collaboration request.'}
    </EmptyState>
  );
}
