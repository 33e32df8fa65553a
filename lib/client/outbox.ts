import type { PendingMessage } from './chat-reducers';

const key = (userId: string) => `collabwire:outbox:${userId}`;

/**
 * Unsent messages survive reloads and offline periods in localStorage and are resent with
 * the same tempId, which the server turns into at most one stored message.
 */
export function loadOutbox(userId: string): PendingMessage[] {
  if (typeof localStorage === 'undefined') return [];
  try {
    const raw = localStorage.getItem(key(userId));
    const items: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(items) ? items.filter(isPending) : [];
  } catch {
    return [];
  }
}

export function saveOutbox(userId: string, items: PendingMessage[]): void {
  if (typeof localStorage === 'undefined') return;
  try {
    // Previews of local files are object URLs: they do not outlive the page.
    const durable = items.map(({ attachment, ...rest }) => (attachment ? { ...rest, attachment: { ...attachment, url: null } } : rest));
    if (durable.length === 0) localStorage.removeItem(key(userId));
    else localStorage.setItem(key(userId), JSON.stringify(durable));
  } catch {
    // Storage full or blocked: the message still goes out while the page stays open.
  }
}

function isPending(v: unknown): v is PendingMessage {
  const p = v as PendingMessage;
  return !!p && typeof p.tempId === 'string' && typeof p.conversationId === 'string' && typeof p.content === 'string';
}
