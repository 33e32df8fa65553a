import Link from 'next/link';
import { redirect } from 'next/navigation';
import { RequestForm } from '@/components/requests/request-form';
import { EmptyState } from '@/components/ui/empty-state';
import { requireUser } from '@/lib/auth/current-user';
import { ZUuid } from '@/lib/contracts/common';
import { getServices } from '@/lib/services';
import { findUser } from '@/lib/users/find-user';
import { toPublicUser } from '@/lib/users/to-public-user';

export const metadata = { title: 'New request' };

export default async function NewRequestPage({ searchParams }: { searchParams: Promise<{ influencer?: string | string[] }> }) {
  const user = await requireUser();
  if (user.role !== 'brand') redirect('/requests');
  const { influencer: id } = await searchParams;
  const target = typeof id === 'string' && ZUuid.safeParse(id).success ? await findUser(getServices().db, id) : null;
  if (!target || target.role !== 'influencer') {
    return (
      <EmptyState
        title="Choose an influencer first"
        action={
          <Link href="/influencers" className="text-sm font-medium text-accent hover:underline">
            Browse influencers
          </Link>
        }
      >
        Requests go to one influencer at a time.
      </EmptyState>
    );
  }
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-2xl px-4 py-8">
        <Link href="/influencers" className="text-sm text-muted hover:text-text">
          ← Influencers
        </Link>
        <h1 className="mt-2 text-2xl font-semibold tracking-tight">New collaboration request</h1>
        <div className="mt-6 rounded-2xl border border-border bg-surface p-6 shadow-sm">
          <RequestForm influencer={toPublicUser(target)} />
        </div>
      </div>
    </div>
  );
}
