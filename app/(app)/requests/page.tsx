import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Requests' };

export default async function RequestsPage() {
  const user = await requireUser();
  return (
    <EmptyState title="No requests yet">
      {user.role === 'brand'
        ? 'Find an influencer and send them a collaboration request.'
        : 'Collaboration requests from brands will appear here.'}
    </EmptyState>
  );
}
