'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import type { RequestToast } from '@/lib/client/slices/requests';
import { useAppStore } from '@/lib/client/store';

const TOAST_MS = 8_000;

const accent: Record<RequestToast['status'], string> = {
  pending: 'border-l-status-pending',
  countered: 'border-l-status-countered',
  accepted: 'border-l-status-accepted',
  rejected: 'border-l-status-rejected',
  withdrawn: 'border-l-status-closed',
  expired: 'border-l-status-closed',
};

/**
 * Announces request changes politely in a corner of the screen. The live region exists
 * from the first render so screen readers pick up every toast added to it.
 */
export function RequestsToaster() {
  const toasts = useAppStore((s) => s.requests.toasts);
  const [host, setHost] = useState<HTMLElement | null>(null);
  useEffect(() => setHost(document.body), []);
  if (!host) return null;
  return createPortal(
    // Rendered from inside the navigation: stop clicks from bubbling to its link in React's tree.
    <div
      role="region"
      aria-label="Request updates"
      onClick={(e) => e.stopPropagation()}
      className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-[min(24rem,calc(100vw-2rem))] flex-col gap-2"
    >
      <div aria-live="polite" className="flex flex-col gap-2">
        {toasts.map((toast) => (
          <Toast key={toast.id} toast={toast} />
        ))}
      </div>
    </div>,
    host,
  );
}

function Toast({ toast }: { toast: RequestToast }) {
  const dispatch = useAppStore((s) => s.dispatchRequests);
  useEffect(() => {
    const timer = setTimeout(() => dispatch({ type: 'toast_dismissed', id: toast.id }), TOAST_MS);
    return () => clearTimeout(timer);
  }, [dispatch, toast.id]);
  return (
    <div role="status" className={`pointer-events-auto flex items-start gap-3 rounded-xl border border-border border-l-4 bg-surface px-4 py-3 text-sm shadow-lg ${accent[toast.status]}`}>
      <p className="flex-1">
        {toast.text}
        {toast.href ? (
          <>
            {' '}
            <Link href={toast.href} className="font-medium text-accent hover:underline">
              {toast.href.startsWith('/inbox') ? 'Open' : 'View'}
            </Link>
          </>
        ) : null}
      </p>
      <button
        type="button"
        aria-label="Dismiss"
        onClick={() => dispatch({ type: 'toast_dismissed', id: toast.id })}
        className="-mr-1 rounded px-1 text-muted hover:text-text"
      >
        ×
      </button>
    </div>
  );
}
