import { redirect } from 'next/navigation';
import { InfluencerDirectory } from '@/components/requests/influencer-directory';
import { requireUser } from '@/lib/auth/current-user';
import { getServices } from '@/lib/services';
import { searchInfluencers } from '@/lib/users/search-influencers';

export const metadata = { title: 'Influencers' };

export default async function InfluencersPage() {
  const user = await requireUser();
  if (user.role !== 'brand') redirect('/requests');
  const initial = await searchInfluencers(getServices().db, { limit: 24 });
  return <InfluencerDirectory initial={initial} />;
}
