'use client';

import { useEffect } from 'react';
import { requestsApi } from '@/lib/client/requests-api';
import { useAppStore } from '@/lib/client/store';
import { CountBadge } from '../ui/count-badge';
import { RequestsToaster } from './requests-toaster';

/**
 * Requests waiting for the user's answer, beside the "Requests" link: pending ones for an
 * influencer, countered ones for a brand. It reads them once when the shell mounts; live
 * events keep the count right afterwards. Request toasts live here too, as this is the
 * one requests component on every signed-in page.
 */
export function RequestsNavBadge() {
  const count = useAppStore((s) => s.pendingIncoming);
  const dispatch = useAppStore((s) => s.dispatchRequests);
  useEffect(() => {
    let cancelled = false;
    Promise.all([requestsApi.me(), requestsApi.list('?status=pending,countered&limit=200')])
      .then(([me, requests]) => {
        if (cancelled) return;
        dispatch({ type: 'identified', userId: me.id });
        dispatch({ type: 'loaded', requests });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [dispatch]);
  return (
    <>
      <CountBadge count={count} label="pending" />
      <RequestsToaster />
    </>
  );
}
