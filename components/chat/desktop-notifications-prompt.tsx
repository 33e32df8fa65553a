'use client';

import { useEffect, useState } from 'react';

/** Offers desktop notifications for messages that arrive while the tab is hidden; asks only on a click. */
export function DesktopNotificationsPrompt() {
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported' | null>(null);
  useEffect(() => {
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  }, []);
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      onClick={() => void Notification.requestPermission().then(setPermission)}
      className="w-full border-b border-border bg-accent/10 px-4 py-2 text-left text-xs text-text hover:bg-accent/15"
    >
      Turn on desktop notifications to hear about new messages while Collabwire is in the background.
    </button>
  );
}
