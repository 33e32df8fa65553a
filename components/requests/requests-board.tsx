'use client';

import Link from 'next/link';
import { useEffect, useMemo, useState } from 'react';
import type { PublicUser } from '@/lib/contracts/common';
import { REQUEST_STATUSES, type CollaborationRequest, type RequestStatus } from '@/lib/contracts/requests';
import { isAwaitingMe, selectBox } from '@/lib/client/slices/requests';
import { useAppStore } from '@/lib/client/store';
import { RequestCard } from './request-card';

type Filter = RequestStatus | 'all';

/**
 * The signed-in user's requests: incoming for an influencer, outgoing for a brand. The
 * server's first paint shows at once; live events from the store take over from there.
 */
export function RequestsBoard({
  viewer,
  initialRequests,
  initialFilter = 'all',
}: {
  viewer: PublicUser;
  initialRequests: CollaborationRequest[];
  initialFilter?: Filter;
}) {
  const byId = useAppStore((s) => s.requests.byId);
  const dispatch = useAppStore((s) => s.dispatchRequests);
  const [filter, setFilter] = useState<Filter>(initialFilter);
  const box = viewer.role === 'brand' ? 'outgoing' : 'incoming';

  useEffect(() => {
    dispatch({ type: 'identified', userId: viewer.id });
    dispatch({ type: 'loaded', requests: initialRequests });
  }, [dispatch, viewer.id, initialRequests]);

  const all = useMemo(() => selectBox(initialRequests, byId, viewer.id, box), [initialRequests, byId, viewer.id, box]);
  const shown = filter === 'all' ? all : all.filter((r) => r.status === filter);
  const counts = useMemo(() => {
    const c: Record<string, number> = { all: all.length };
    for (const r of all) c[r.status] = (c[r.status] ?? 0) + 1;
    return c;
  }, [all]);
  const awaiting = all.filter((r) => isAwaitingMe(r, viewer.id)).length;

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl px-4 py-8">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{box === 'incoming' ? 'Incoming requests' : 'Outgoing requests'}</h1>
            <p className="mt-1 text-sm text-muted">
              {awaiting > 0
                ? `${awaiting} waiting for your answer.`
                : box === 'incoming'
                  ? 'Brands’ collaboration requests, newest first.'
                  : 'The requests you sent, newest first.'}
            </p>
          </div>
          {viewer.role === 'brand' ? (
            <Link href="/influencers" className="rounded-lg bg-accent px-4 py-2 text-sm font-medium text-on-accent hover:bg-accent-strong">
              Find influencers
            </Link>
          ) : null}
        </div>

        <div role="group" aria-label="Filter by status" className="mt-6 flex flex-wrap gap-1.5">
          {(['all', ...REQUEST_STATUSES] as const).map((status) => (
            <button
              key={status}
              type="button"
              aria-pressed={filter === status}
              onClick={() => setFilter(status)}
              className={`rounded-full px-3 py-1 text-sm capitalize ${filter === status ? 'bg-text text-surface' : 'bg-surface text-muted ring-1 ring-inset ring-border hover:text-text'}`}
            >
              {status}
              <span className="ml-1 tabular-nums opacity-70">{counts[status] ?? 0}</span>
            </button>
          ))}
        </div>

        <div className="mt-6 space-y-4">
          {shown.length === 0 ? (
            <EmptyBox role={viewer.role} filtered={filter !== 'all'} />
          ) : (
            shown.map((request) => <RequestCard key={request.id} request={request} viewerId={viewer.id} />)
          )}
        </div>
      </div>
    </div>
  );
}

function EmptyBox({ role, filtered }: { role: PublicUser['role']; filtered: boolean }) {
  return (
    <div className="rounded-2xl border border-dashed border-border px-6 py-14 text-center">
      <p className="font-medium">{filtered ? 'Nothing with this status' : 'No requests yet'}</p>
      <p className="mt-1 text-sm text-muted">
        {filtered
          ? 'Choose another filter to see the rest.'
          : role === 'brand'
            ? 'Find an influencer and send them a collaboration request.'
            : 'Collaboration requests from brands will appear here as soon as they are sent.'}
      </p>
      {role === 'brand' && !filtered ? (
        <Link href="/influencers" className="mt-4 inline-block text-sm font-medium text-accent hover:underline">
          Browse influencers
        </Link>
      ) : null}
    </div>
  );
}
