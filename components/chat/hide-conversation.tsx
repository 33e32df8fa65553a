'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, type FocusEvent } from 'react';
import { ApiCallError } from '@/lib/client/api-client';
import { useAppStore } from '@/lib/client/store';
import { Button } from '../ui/button';

/**
 * "Hide conversation" in a conversation's header: asks first, then hides it from my inbox on
 * every tab and device (the other participant keeps it) and goes back to the inbox. A new
 * message brings it back. While the hide is on its way the question stays open: it can no
 * longer be taken back, and a failure is shown there.
 */
export function HideConversation({ conversationId, otherName }: { conversationId: string; otherName: string }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const wrapperRef = useRef<HTMLDivElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const busyRef = useRef(false);
  const promptId = useId();

  const close = (focusOpener: boolean) => {
    if (busyRef.current) return;
    setAsking(false);
    setError(null);
    if (focusOpener) openerRef.current?.focus();
  };

  useEffect(() => {
    if (!asking) return;
    // The safe answer first: Enter pressed twice must not hide.
    cancelRef.current?.focus();
    // A click anywhere else closes the question, as a menu would.
    const onPointerDown = (e: PointerEvent) => {
      if (!wrapperRef.current?.contains(e.target as Node)) close(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
    // close reads refs only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asking]);

  const hide = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    setError(null);
    try {
      await useAppStore.getState().hideConversation(conversationId);
      router.push('/inbox');
    } catch (e) {
      setError(e instanceof ApiCallError ? e.message : 'Could not hide the conversation. Try again.');
      busyRef.current = false;
      setBusy(false);
      confirmRef.current?.focus();
    }
  };

  // Focus leaving the opener and the question (Tab onwards) closes it too.
  const onBlur = (e: FocusEvent) => {
    if (asking && !wrapperRef.current?.contains(e.relatedTarget as Node | null)) close(false);
  };

  return (
    <div
      ref={wrapperRef}
      className="relative ml-auto shrink-0"
      onBlur={onBlur}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && asking) close(true);
      }}
    >
      <Button
        ref={openerRef}
        variant="ghost"
        className="px-3 py-1.5 text-xs text-muted"
        aria-label="Hide conversation"
        aria-expanded={asking}
        aria-controls={asking ? promptId : undefined}
        onClick={() => (asking ? close(true) : setAsking(true))}
      >
        {/* Narrow screens keep the header's room for the name. */}
        <span className="sm:hidden">Hide</span>
        <span className="hidden sm:inline">Hide conversation</span>
      </Button>
      {asking ? (
        <div
          id={promptId}
          role="group"
          aria-label="Hide this conversation?"
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
            {/* aria-disabled rather than disabled: a disabled button would drop keyboard focus. */}
            <Button ref={cancelRef} variant="secondary" className="px-3 py-1.5 aria-disabled:opacity-60" aria-disabled={busy} onClick={() => close(true)}>
              Cancel
            </Button>
            <Button ref={confirmRef} variant="danger" className="px-3 py-1.5 aria-disabled:opacity-60" aria-disabled={busy} onClick={() => void hide()}>
              {busy ? 'Hiding…' : 'Hide'}
            </Button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
