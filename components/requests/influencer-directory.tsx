'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import type { PublicUser } from '@/lib/contracts/common';
import { InfluencerCard } from './influencer-card';

type Page = { influencers: PublicUser[]; nextCursor: string | null };

const DEBOUNCE_MS = 250;

async function fetchPage(q: string, cursor: string | null, signal?: AbortSignal): Promise<Page> {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (cursor) params.set('cursor', cursor);
  const res = await fetch(`/api/influencers?${params}`, { signal, credentials: 'same-origin' });
  if (!res.ok) throw new Error(`search failed (${res.status})`);
  return (await res.json()) as Page;
}

/** Searchable influencer directory: live results as the brand types, a page at a time. */
export function InfluencerDirectory({ initial }: { initial: Page }) {
  const searchId = useId();
  const [query, setQuery] = useState('');
  const [page, setPage] = useState<Page>(initial);
  const [searchedFor, setSearchedFor] = useState('');
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const first = useRef(true);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const controller = new AbortController();
    const q = query.trim();
    setLoading(true);
    const timer = setTimeout(() => {
      fetchPage(q, null, controller.signal)
        .then((next) => {
          setPage(next);
          setSearchedFor(q);
          setError(null);
        })
        .catch((e: unknown) => {
          if ((e as Error).name !== 'AbortError') setError('Search is not available right now. Try again.');
        })
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  async function loadMore() {
    if (!page.nextCursor) return;
    setLoading(true);
    try {
      const next = await fetchPage(searchedFor, page.nextCursor);
      setPage((p) => ({ influencers: [...p.influencers, ...next.influencers], nextCursor: next.nextCursor }));
    } catch {
      setError('Could not load more. Try again.');
    } finally {
      setLoading(false);
    }
  }

  const count = page.influencers.length;
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-5xl px-4 py-8">
        <h1 className="text-2xl font-semibold tracking-tight">Influencers</h1>
        <p className="mt-1 text-sm text-muted">Find creators by name or handle and send them a collaboration request.</p>
        <div className="relative mt-6 max-w-md">
          <label htmlFor={searchId} className="sr-only">
            Search influencers
          </label>
          <input
            id={searchId}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            placeholder="Search by name or @handle"
            autoComplete="off"
            className={`${inputClass} pl-9`}
          />
          <span aria-hidden="true" className="pointer-events-none absolute left-3 top-1/2 -translate-y-1/2 text-muted">
            ⌕
          </span>
        </div>
        <p aria-live="polite" className="mt-2 h-5 text-xs text-muted">
          {loading ? 'Searching…' : searchedFor ? `${count}${page.nextCursor ? '+' : ''} found for “${searchedFor}”` : ''}
        </p>
        {error ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        {count === 0 ? (
          <div className="mt-6 rounded-2xl border border-dashed border-border px-6 py-14 text-center">
            <p className="font-medium">{searchedFor ? 'No influencer matches' : 'No influencers yet'}</p>
            <p className="mt-1 text-sm text-muted">
              {searchedFor ? 'Try part of a name or a handle.' : 'Influencers appear here once they sign up.'}
            </p>
          </div>
        ) : (
          <div className={`mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3 ${loading ? 'opacity-70' : ''}`}>
            {page.influencers.map((influencer) => (
              <InfluencerCard key={influencer.id} influencer={influencer} />
            ))}
          </div>
        )}
        {page.nextCursor ? (
          <div className="mt-6 text-center">
            <Button variant="secondary" onClick={loadMore} disabled={loading}>
              Load more
            </Button>
          </div>
        ) : null}
      </div>
    </div>
  );
}
