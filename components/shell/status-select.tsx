'use client';

import { useState } from 'react';
import type { PresenceStatus } from '@/lib/contracts/common';
import { useAppStore } from '@/lib/client/store';

const options: { value: PresenceStatus; label: string; dot: string }[] = [
  { value: 'online', label: 'Online', dot: 'bg-presence-online' },
  { value: 'away', label: 'Away', dot: 'bg-presence-away' },
  { value: 'busy', label: 'Busy', dot: 'bg-presence-busy' },
  { value: 'offline', label: 'Appear offline', dot: 'bg-presence-offline' },
];

/** What contacts see of me: online, away, busy, or offline while still connected. */
export function StatusSelect({ initial }: { initial: PresenceStatus }) {
  const [status, setStatus] = useState(initial);
  const dot = options.find((o) => o.value === status)?.dot;
  return (
    <label className="relative hidden items-center sm:flex">
      <span className="sr-only">Your status</span>
      <span aria-hidden="true" className={`pointer-events-none absolute left-2 h-2.5 w-2.5 rounded-full ${dot}`} />
      <select
        value={status}
        onChange={(e) => {
          const next = e.target.value as PresenceStatus;
          setStatus(next);
          useAppStore.getState().setMyStatus(next);
        }}
        className="appearance-none rounded-lg border border-border bg-surface py-1 pl-6 pr-2 text-xs text-muted hover:text-text focus:border-accent focus:outline-none"
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
