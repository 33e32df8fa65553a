import { redirect } from 'next/navigation';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/current-user';

export const metadata = { title: 'Influencers' };

export default async function InfluencersPage() {
  const user = await requireUser();
  if (user.role !== 'brand') redirect('/requests');
  return <EmptyState title="Influencer directory">Search for influencers by name or handle.</EmptyState>;
}
