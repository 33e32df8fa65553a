'use client';

import Link from 'next/link';
import { useId, useState } from 'react';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import type { CollaborationRequest, CounterRequestInput } from '@/lib/contracts/requests';
import { ApiCallError } from '@/lib/client/api-client';
import { requestsApi } from '@/lib/client/requests-api';
import { useAppStore } from '@/lib/client/store';
import { formatMoney } from '@/lib/requests/money';
import type { FormErrors } from '@/lib/requests/parse-terms-form';
import { CounterForm } from './counter-form';
import { StatusBadge } from './status-badge';
import { TextArea } from './text-area';
import { FormAlert } from '@/components/ui/form-alert';

const money = (budget: CollaborationRequest['budget']) => (budget.amount === 0 ? `Gifted (${budget.currency})` : formatMoney(budget));

function formatDate(date: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

function daysLeft(expiresAt: string): number {
  return Math.max(0, Math.ceil((new Date(expiresAt).getTime() - Date.now()) / 86_400_000));
}

type Action = 'accept' | 'reject' | 'withdraw' | 'counter';

/** One request as an article: its terms, its status, and the answers open to the viewer. */
export function RequestCard({ request, viewerId }: { request: CollaborationRequest; viewerId: string }) {
  const dispatch = useAppStore((s) => s.dispatchRequests);
  const headingId = useId();
  const [busy, setBusy] = useState<Action | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [countering, setCountering] = useState(false);
  const [note, setNote] = useState('');
  const [showNote, setShowNote] = useState(false);

  const iAmBrand = request.brand.id === viewerId;
  const terms = request.agreed
    ? { ...request.agreed, agreed: true }
    : { budget: request.budget, deadline: request.deadline, agreed: false };
  const other = iAmBrand ? request.influencer : request.brand;
  const canAnswer = !iAmBrand && request.status === 'pending';
  const canAcceptCounter = iAmBrand && request.status === 'countered';
  const canWithdraw = iAmBrand && (request.status === 'pending' || request.status === 'countered');
  const canRejectCounter = !iAmBrand && request.status === 'countered';

  async function run(action: Action, work: () => Promise<CollaborationRequest>): Promise<FormErrors | null> {
    setBusy(action);
    setError(null);
    try {
      const updated = await work();
      dispatch({ type: 'received', request: updated, source: 'local' });
      setCountering(false);
      setNote('');
      setShowNote(false);
      return null;
    } catch (e) {
      const err = e instanceof ApiCallError ? e : null;
      if (err?.error.code === 'invalid_state' || err?.error.code === 'not_found') {
        // Someone else got there first: show the request as it is now.
        requestsApi
          .get(request.id)
          .then((fresh) => dispatch({ type: 'received', request: fresh, source: 'live' }))
          .catch(() => undefined);
      }
      const message = err?.error.message ?? 'Something went wrong. Try again.';
      if (action === 'counter' && err?.error.code === 'invalid_input') return { form: message };
      setError(message);
      return null;
    } finally {
      setBusy(null);
    }
  }

  const accept = () =>
    run('accept', async () => {
      const { request: updated, conversation } = await requestsApi.accept(request.id, note.trim() || undefined);
      dispatch({
        type: 'toast',
        toast: {
          id: `${updated.id}:opened`,
          status: 'accepted',
          text: `Accepted “${updated.title}”. Your conversation with ${conversation.otherParticipant.name} is open.`,
          href: `/inbox/${conversation.id}`,
        },
      });
      return updated;
    });
  const reject = () => run('reject', () => requestsApi.reject(request.id, note.trim() || undefined));
  const withdraw = () => run('withdraw', () => requestsApi.withdraw(request.id));
  const counter = (input: CounterRequestInput) => run('counter', () => requestsApi.counter(request.id, input));

  return (
    <article aria-labelledby={headingId} className="rounded-2xl border border-border bg-surface p-5 shadow-sm">
      <header className="flex items-start gap-3">
        <Avatar name={other.name} src={other.avatarUrl} seed={other.id} size={40} />
        <div className="min-w-0 flex-1">
          <h2 id={headingId} className="truncate text-base font-semibold">
            {request.title}
          </h2>
          <p className="truncate text-sm text-muted">
            {iAmBrand ? 'To' : 'From'} <span className="font-medium text-text">{other.name}</span> · @{other.handle}
          </p>
        </div>
        <StatusBadge status={request.status} />
      </header>

      <dl className="mt-4 grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-xs text-muted">{terms.agreed ? 'Agreed budget' : 'Budget'}</dt>
          <dd className="font-medium tabular-nums">{money(terms.budget)}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">{terms.agreed ? 'Agreed deadline' : 'Deadline'}</dt>
          <dd className="font-medium">{terms.deadline ? formatDate(terms.deadline) : 'Flexible'}</dd>
        </div>
        <div>
          <dt className="text-xs text-muted">Sent</dt>
          <dd suppressHydrationWarning>{new Date(request.createdAt).toLocaleDateString('en', { day: 'numeric', month: 'short' })}</dd>
        </div>
      </dl>

      <p className="mt-3 whitespace-pre-line text-sm text-text">{request.brief}</p>
      {request.deliverables.length > 0 ? (
        <ul aria-label="Deliverables" className="mt-3 flex flex-wrap gap-1.5">
          {request.deliverables.map((d, i) => (
            <li key={i} className="rounded-md bg-surface-3 px-2 py-0.5 text-xs">
              {d}
            </li>
          ))}
        </ul>
      ) : null}

      {request.counter ? (
        <section aria-label="Counter offer" className="mt-4 rounded-xl border border-status-countered/30 bg-status-countered/5 p-3 text-sm">
          <p className="font-medium text-status-countered">
            {request.status === 'accepted' ? 'Accepted counter offer' : `Counter offer from ${request.influencer.name}`}
            {request.status === 'accepted' ? (
              <span className="font-normal text-muted"> · first offer {money(request.budget)}</span>
            ) : null}
          </p>
          <p className="mt-1">
            <span className="font-semibold tabular-nums">{money(request.counter.budget)}</span>
            {' · '}
            {request.counter.deadline ? `deadline ${formatDate(request.counter.deadline)}` : 'flexible deadline'}
          </p>
          {request.counter.note ? <p className="mt-1 text-muted">“{request.counter.note}”</p> : null}
        </section>
      ) : null}

      {request.responseNote ? (
        <p className="mt-3 text-sm text-muted">
          Note: <span className="text-text">“{request.responseNote}”</span>
        </p>
      ) : null}

      <FormAlert className="mt-3">{error}</FormAlert>

      {showNote && (canAnswer || canRejectCounter) ? (
        <div className="mt-4">
          <TextArea label="Note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Optional, sent with your answer" maxLength={1000} />
        </div>
      ) : null}

      {countering ? <CounterForm request={request} busy={busy === 'counter'} onSubmit={counter} onCancel={() => setCountering(false)} /> : null}

      <footer className="mt-4 flex flex-wrap items-center gap-2">
        {canAnswer && !countering ? (
          <>
            <Button onClick={accept} disabled={busy !== null}>
              {busy === 'accept' ? 'Accepting…' : 'Accept'}
            </Button>
            <Button variant="secondary" onClick={() => setCountering(true)} disabled={busy !== null}>
              Counter
            </Button>
            <Button variant="danger" onClick={reject} disabled={busy !== null}>
              {busy === 'reject' ? 'Rejecting…' : 'Reject'}
            </Button>
          </>
        ) : null}
        {canRejectCounter ? (
          <Button variant="danger" onClick={reject} disabled={busy !== null}>
            {busy === 'reject' ? 'Rejecting…' : 'Reject'}
          </Button>
        ) : null}
        {canAcceptCounter ? (
          <Button onClick={accept} disabled={busy !== null}>
            {busy === 'accept' ? 'Accepting…' : 'Accept counter'}
          </Button>
        ) : null}
        {canWithdraw ? (
          <Button variant="ghost" onClick={withdraw} disabled={busy !== null}>
            {busy === 'withdraw' ? 'Withdrawing…' : 'Withdraw'}
          </Button>
        ) : null}
        {(canAnswer || canRejectCounter) && !showNote && !countering ? (
          <button type="button" onClick={() => setShowNote(true)} className="text-sm text-muted underline-offset-2 hover:text-text hover:underline">
            Add a note
          </button>
        ) : null}
        {request.status === 'accepted' && request.conversationId ? (
          <Link href={`/inbox/${request.conversationId}`} className="text-sm font-medium text-accent hover:underline">
            Open conversation
          </Link>
        ) : null}
        <StatusHint request={request} iAmBrand={iAmBrand} />
      </footer>
    </article>
  );
}

function StatusHint({ request, iAmBrand }: { request: CollaborationRequest; iAmBrand: boolean }) {
  let text: string | null = null;
  if (request.status === 'countered') text = iAmBrand ? 'Your answer is needed' : `Waiting for ${request.brand.name}`;
  else if (request.status === 'pending' && iAmBrand) text = `Waiting for ${request.influencer.name}`;
  if (!text && !request.expiresAt) return null;
  return (
    <p className="ml-auto text-xs text-muted" suppressHydrationWarning>
      {text}
      {text && request.expiresAt ? ' · ' : ''}
      {request.expiresAt ? `expires in ${daysLeft(request.expiresAt)} days` : ''}
    </p>
  );
}
