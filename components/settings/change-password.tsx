'use client';

import { useState, type FormEvent } from 'react';
import { ZChangePassword } from '@/lib/contracts/users';
import { ApiCallError, apiCall } from '@/lib/client/api-client';
import { getSocket } from '@/lib/client/socket-holder';
import { Field } from '../ui/field';
import { SubmitRow } from '../ui/submit-row';
import { FormAlert } from '@/components/ui/form-alert';
import { SettingsSection } from './settings-section';

type Errors = Partial<Record<'currentPassword' | 'newPassword' | 'form', string>>;

/**
 * Changes the password. Every other browser and app is signed out by it; this browser gets
 * its new session cookie with the answer, so the person stays where they are.
 */
export function ChangePassword({ email }: { email: string }) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState('');

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const parsed = ZChangePassword.safeParse({ currentPassword: data.get('currentPassword') ?? '', newPassword: data.get('newPassword') ?? '' });
    setStatus('');
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[issue.path[0] as keyof Errors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    setPending(true);
    // The change ends this tab's session too, and its answer brings the new session cookie:
    // the live connection waits for it instead of finding itself refused.
    const socket = getSocket();
    socket?.disconnect();
    let leaving = false;
    try {
      await apiCall('PUT', '/api/users/me/password', parsed.data);
      form.reset();
      setStatus('Password changed. Every other browser and app was signed out.');
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 401) {
        // This session had already ended: nothing was changed.
        leaving = true;
        window.location.assign('/sign-in?session=ended');
        return;
      }
      const details = e instanceof ApiCallError && Array.isArray(e.error.details) ? (e.error.details as { path?: string; message?: string }[]) : [];
      const field = details.find((d) => d.path === 'currentPassword' || d.path === 'newPassword');
      if (field?.path) setErrors({ [field.path]: field.message });
      else setErrors({ form: e instanceof Error ? e.message : 'Could not change the password. Try again.' });
    } finally {
      if (!leaving) {
        socket?.connect();
        setPending(false);
      }
    }
  }

  return (
    <SettingsSection id="password-heading" title="Password" intro="Changing it signs you out of every other browser and app; you stay signed in here.">
      <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-xl border border-border bg-surface p-4" aria-labelledby="password-heading">
        <FormAlert>{errors.form}</FormAlert>
        {/* Tells password managers whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" required error={errors.currentPassword} />
          <Field
            label="New password"
            name="newPassword"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            error={errors.newPassword}
            hint="At least 8 characters."
          />
        </div>
        <SubmitRow pending={pending} label="Change password" pendingLabel="Changing…" status={status} />
      </form>
    </SettingsSection>
  );
}
