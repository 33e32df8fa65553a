'use client';

import { useState, type FormEvent } from 'react';
import { ZLinkInstagramAccount, type InstagramAccount, type InstagramEvent } from '@/lib/contracts/webhooks';
import { ApiCallError } from '@/lib/client/api-client';
import { notificationsApi } from '@/lib/client/notifications-api';
import { useAppStore } from '@/lib/client/store';
import { Button } from '../ui/button';
import { Field } from '../ui/field';
import { SubmitRow } from '../ui/submit-row';
import { FormAlert } from '@/components/ui/form-alert';
import { SettingsSection } from './settings-section';

type Errors = Partial<Record<'accountId' | 'username' | 'form', string>>;

const emptyContent: Record<InstagramEvent['eventType'], string> = {
  comments: 'A comment without text',
  live_comments: 'A live comment without text',
  messages: 'A message without text',
  mentions: 'Mentioned you in a comment or caption',
};

const eventLabels: Record<InstagramEvent['eventType'], string> = {
  comments: 'Comment',
  live_comments: 'Live comment',
  messages: 'Message',
  mentions: 'Mention',
};

/** Link and unlink Instagram accounts, and watch their activity arrive live. */
export function InstagramAccounts({ initialAccounts }: { initialAccounts: InstagramAccount[] }) {
  const [accounts, setAccounts] = useState(initialAccounts);
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [unlinking, setUnlinking] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const events = useAppStore((s) => s.notifications.instagramEvents);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = ZLinkInstagramAccount.safeParse({ accountId: data.get('accountId') ?? '', username: data.get('username') ?? '' });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] as keyof Errors;
        next[key] ??= issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const account = await notificationsApi.link(parsed.data);
      setAccounts((list) => [...list.filter((a) => a.accountId !== account.accountId), account]);
      setStatus(`Linked @${account.username}.`);
      form.reset();
    } catch (e) {
      if (e instanceof ApiCallError && e.error.code === 'conflict') {
        setErrors({ accountId: 'This Instagram account is already linked to another Collabwire user.' });
      } else if (e instanceof ApiCallError && e.error.code === 'invalid_input') {
        setErrors({ form: e.error.message });
      } else {
        setErrors({ form: e instanceof Error ? e.message : 'Could not link the account. Try again.' });
      }
    } finally {
      setPending(false);
    }
  }

  async function unlink(account: InstagramAccount) {
    setUnlinking(account.accountId);
    setErrors({});
    try {
      await notificationsApi.unlink(account.accountId);
      setAccounts((list) => list.filter((a) => a.accountId !== account.accountId));
      setStatus(`Unlinked @${account.username}.`);
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 404) {
        setAccounts((list) => list.filter((a) => a.accountId !== account.accountId));
      } else {
        setErrors({ form: e instanceof Error ? e.message : 'Could not unlink the account. Try again.' });
      }
    } finally {
      setUnlinking(null);
    }
  }

  return (
    <SettingsSection
      id="instagram-heading"
      title="Instagram"
      spacing="space-y-6"
      intro="Link your Instagram professional account to see its comments, direct messages, mentions and live comments here as they happen."
    >

      <div className="rounded-xl border border-border bg-surface">
        <h3 className="border-b border-border px-4 py-3 text-sm font-semibold">Linked accounts</h3>
        {accounts.length === 0 ? (
          <p className="px-4 py-6 text-sm text-muted">No account linked yet. Add one below.</p>
        ) : (
          <ul className="divide-y divide-border">
            {accounts.map((account) => (
              <li key={account.accountId} className="flex items-center justify-between gap-4 px-4 py-3">
                <div className="min-w-0">
                  <p className="truncate text-sm font-medium">@{account.username}</p>
                  <p className="truncate text-xs text-muted">Account ID {account.accountId}</p>
                </div>
                <Button
                  variant="danger"
                  type="button"
                  onClick={() => void unlink(account)}
                  disabled={unlinking === account.accountId}
                  aria-label={`Unlink @${account.username}`}
                  className="px-3 py-1.5"
                >
                  {unlinking === account.accountId ? 'Unlinking…' : 'Unlink'}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-xl border border-border bg-surface p-4" aria-labelledby="link-heading">
        <h3 id="link-heading" className="text-sm font-semibold">
          Link an account
        </h3>
        <FormAlert>{errors.form}</FormAlert>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Instagram account ID"
            name="accountId"
            inputMode="numeric"
            autoComplete="off"
            error={errors.accountId}
            hint="The Instagram professional account ID that Meta sends in webhooks."
          />
          <Field label="Username" name="username" autoComplete="off" error={errors.username} />
        </div>
        <SubmitRow pending={pending} label="Link account" pendingLabel="Linking…" status={status} />
      </form>

      <div className="rounded-xl border border-border bg-surface">
        <h3 className="border-b border-border px-4 py-3 text-sm font-semibold">Live activity</h3>
        {events.length === 0 ? (
          <p className="px-4 py-6 text-sm text-muted">Nothing yet. New comments, messages and mentions appear here the moment Instagram sends them.</p>
        ) : (
          <ul aria-live="polite" aria-label="Live Instagram activity" className="divide-y divide-border">
            {events.map((e) => {
              const account = accounts.find((a) => a.accountId === e.accountId);
              return (
                <li key={`${e.accountId}:${e.eventType}:${e.id}`} className="px-4 py-3">
                  <p className="text-xs text-muted">
                    <span className="font-medium text-text">{eventLabels[e.eventType]}</span>
                    {' · '}
                    {e.sender.username ? `@${e.sender.username}` : 'someone'} on {account ? `@${account.username}` : e.accountId}
                    {' · '}
                    <time dateTime={e.timestamp}>{new Date(e.timestamp).toLocaleString()}</time>
                  </p>
                  <p className="mt-0.5 break-words text-sm">{e.content || <span className="text-muted">{emptyContent[e.eventType]}</span>}</p>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </SettingsSection>
  );
}
