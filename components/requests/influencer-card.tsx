import Link from 'next/link';
import { useId } from 'react';
import { Avatar } from '@/components/ui/avatar';
import type { PublicUser } from '@/lib/contracts/common';

/** One influencer in the directory: who they are and the way to ask them for a collaboration. */
export function InfluencerCard({ influencer }: { influencer: PublicUser }) {
  const headingId = useId();
  return (
    <article aria-labelledby={headingId} className="flex flex-col rounded-2xl border border-border bg-surface p-5 shadow-sm">
      <div className="flex items-center gap-3">
        <Avatar name={influencer.name} src={influencer.avatarUrl} seed={influencer.id} size={48} />
        <div className="min-w-0">
          <h2 id={headingId} className="truncate font-semibold">
            {influencer.name}
          </h2>
          <p className="truncate text-sm text-muted">@{influencer.handle}</p>
        </div>
      </div>
      <p className="mt-3 line-clamp-3 flex-1 text-sm text-text">{influencer.bio ?? <span className="text-muted">No bio yet.</span>}</p>
      <Link
        href={`/requests/new?influencer=${influencer.id}`}
        className="mt-4 inline-flex items-center justify-center rounded-lg bg-accent px-4 py-2 text-sm font-medium text-on-accent hover:bg-accent-strong"
      >
        Send request
      </Link>
    </article>
  );
}
