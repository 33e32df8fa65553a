'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { ApiCallError } from '@/lib/client/api-client';
import { useAppStore } from '@/lib/client/store';
import { Button } from '../ui/button';

/**
 * "Hide conversation" in a conversation's header: asks first, then hides it from my inbox on
 * every tab and device (the other participant keeps it) and goes back to the inbox. A new
 * message brings it back.
 */
export function HideConversation({ conversationId, otherName }: { conversationId: string; otherName: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const promptId = useId();

  const wrapperRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!asking) return;
    confirmRef.current?.focus();
    // A click anywhere else closes the question, as a menu would.
    const onPointerDown = (e: PointerEvent) => {
      if (!wrapperRef.current?.contains(e.target as Node)) setAsking(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [asking]);

  const cancel = () => {
    setAsking(false);
    setError(null);
    openerRef.current?.focus();
  };

  const hide = async () => {
    setBusy(true);
    setError(null);
    try {
      await useAppStore.getState().hideConversation(conversationId);
      router.push('/inbox');
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : 'Could not hide the conversation. Try again.');
      setBusy(false);
    }
  };

  return (
    <div ref={wrapperRef} className="relative ml-auto shrink-0">
      <Button
        ref={openerRef}
        variant="ghost"
        className="px-3 py-1.5 text-xs text-muted"
        aria-expanded={asking}
        aria-controls={asking ? promptId : undefined}
        onClick={() => (asking ? cancel() : setAsking(true))}
      >
        Hide conversation
      </Button>
      {asking ? (
        <div
          id={promptId}
          role="group"
          aria-label="Hide this conversation?"
          onKeyDown={(e) => {
            if (e.key === 'Escape') cancel();
          }}
          className="absolute right-0 top-full z-20 mt-2 w-72 rounded-xl border border-border bg-surface p-4 text-sm shadow-lg"
        >
          <p className="font-medium">Hide this conversation?</p>
          <p className="mt-1 text-muted">
            It leaves your inbox on all your devices. {otherName} keeps every message, and it comes back when a new message arrives.
          </p>
          {error ? (
            <p role="alert" className="mt-2 text-danger">
              {error}
            </p>
          ) : null}
          <div className="mt-3 flex justify-end gap-2">
            <Button variant="secondary" className="px-3 py-1.5" onClick={cancel} disabled={busy}>
              Cancel
            </Button>
            <Button ref={confirmRef} variant="danger" className="px-3 py-1.5" onClick={() => void hide()} disabled={busy}>
              {busy ? 'Hiding…' : 'Hide'}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
