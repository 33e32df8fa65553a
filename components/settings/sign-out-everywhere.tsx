'use client';

import { signOut } from 'next-auth/react';
import { useRef, useState } from 'react';
import { ApiCallError, apiCall } from '@/lib/client/api-client';
import { getSocket } from '@/lib/client/socket-holder';
import { Button } from '../ui/button';
import { FormAlert } from '../ui/form-alert';
import { SettingsSection } from './settings-section';

/**
 * Ends every session and API token of the account, this browser's included, after asking
 * once. The question names what happens; Cancel has the first focus, and the answer keeps it
 * open (and focused) until the server has answered, so a failure is seen.
 */
export function SignOutEverywhere() {
  const [asking, setAsking] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState('');
  const openButton = useRef<HTMLButtonElement>(null);

  function close() {
    if (pending) return;
    setAsking(false);
    setError('');
    // Back to the control that opened the question once it is rendered again.
    requestAnimationFrame(() => openButton.current?.focus());
  }

  async function confirm() {
    if (pending) return;
    setPending(true);
    setError('');
    // This tab leaves by itself: its live connection, closed by the server in a moment, must
    // not send it to sign-in first with another notice.
    const socket = getSocket();
    socket?.disconnect();
    let destination = '/sign-in?session=everywhere';
    try {
      await apiCall('POST', '/api/auth/sign-out-everywhere');
    } catch (e) {
      if (e instanceof ApiCallError && e.status === 401) {
        // Refused: this session had already ended, and nothing was signed out now.
        destination = '/sign-in?session=ended';
      } else {
        socket?.connect();
        setError(e instanceof Error ? e.message : 'Could not sign out everywhere. Try again.');
        setPending(false);
        return;
      }
    }
    // This browser's cookie is refused from now on; clear it and go to sign-in.
    try {
      await signOut({ callbackUrl: destination });
    } catch {
      window.location.assign(destination);
    }
  }

  return (
    <SettingsSection
      id="sessions-heading"
      title="Sessions"
      intro="Left Collabwire open on a computer that is not yours, or lost a phone? Signing out everywhere ends every session of your account in every browser and app, this one included, and API tokens stop working. Open chats disconnect at once."
    >
      <div className="space-y-3 rounded-xl border border-border bg-surface p-4">
        <FormAlert>{error}</FormAlert>
        {asking ? (
          <div
            role="group"
            aria-labelledby="sign-out-everywhere-question"
            className="space-y-3"
            onKeyDown={(e) => {
              if (e.key === 'Escape') close();
            }}
          >
            <p id="sign-out-everywhere-question" className="text-sm font-medium">
              Sign out of every browser and app now? You will need your password to sign in again.
            </p>
            <div className="flex flex-wrap gap-2">
              <Button type="button" variant="secondary" autoFocus onClick={close} aria-disabled={pending}>
                Cancel
              </Button>
              <Button type="button" variant="danger" onClick={() => void confirm()} aria-disabled={pending}>
                {pending ? 'Signing out…' : 'Yes, sign out everywhere'}
              </Button>
            </div>
          </div>
        ) : (
          <Button
            ref={openButton}
            type="button"
            variant="danger"
            onClick={() => {
              setError('');
              setAsking(true);
            }}
          >
            Sign out everywhere
          </Button>
        )}
      </div>
    </SettingsSection>
  );
}
