import type { Presence } from '@/lib/client/chat-reducers';

const dot: Record<string, string> = {
  online: 'bg-presence-online',
  away: 'bg-presence-away',
  busy: 'bg-presence-busy',
  offline: 'bg-presence-offline',
};

export function presenceLabel(p: Presence | undefined): 'Online' | 'Away' | 'Busy' | 'Offline' {
  if (!p || !p.isOnline) return 'Offline';
  return p.status === 'away' ? 'Away' : p.status === 'busy' ? 'Busy' : p.status === 'offline' ? 'Offline' : 'Online';
}

/** A coloured dot; the words travel separately (presenceLabel) so screen readers hear them once. */
export function PresenceDot({ presence, className = '' }: { presence: Presence | undefined; className?: string }) {
  const key = presenceLabel(presence).toLowerCase();
  return <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ring-2 ring-surface ${dot[key]} ${className}`} />;
}

export function lastSeenText(iso: string | null | undefined, now = Date.now()): string | null {
  if (!iso) return null;
  const minutes = Math.round((now - new Date(iso).getTime()) / 60_000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `last seen ${hours} h ago`;
  return `last seen ${new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}`;
}
