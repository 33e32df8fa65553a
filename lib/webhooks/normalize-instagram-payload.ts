import type { InstagramEventType } from '../contracts/notifications-ws';
import type { InstagramEvent } from '../contracts/webhooks';

const CHANGE_FIELDS: ReadonlySet<string> = new Set<InstagramEventType>(['comments', 'mentions', 'live_comments']);
const MAX_ID_LENGTH = 512;

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Meta sends ids as strings; numbers are tolerated. Anything else is not an id. */
function idOf(v: unknown): string | null {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && v.trim() !== '' && v.length <= MAX_ID_LENGTH) return v.trim();
  return null;
}

const textOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Meta mixes epoch seconds (entry.time) and milliseconds (messaging timestamps). */
function isoOf(v: unknown, fallback: string): string {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return fallback;
  const ms = n < 1e12 ? n * 1000 : n;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? fallback : date.toISOString();
}

function fromChange(field: InstagramEventType, value: Obj, accountId: string, time: string): InstagramEvent | null {
  const from = isObj(value.from) ? value.from : {};
  const sender = { id: idOf(from.id) ?? '', username: typeof from.username === 'string' ? from.username : null };
  // A mention in a comment carries the comment's id; a mention in a caption only the media's.
  const id = field === 'mentions' ? (idOf(value.comment_id) ?? idOf(value.media_id)) : idOf(value.id);
  if (!id) return null;
  return { id, eventType: field, sender, content: textOf(value.text), timestamp: isoOf(value.timestamp, time), accountId };
}

function fromMessaging(item: Obj, accountId: string, time: string): InstagramEvent | null {
  // Reads, reactions and postbacks come on the same list without a `message`.
  if (!isObj(item.message)) return null;
  const message = item.message;
  // Echoes are what the account itself sent: not news to its owner.
  if (message.is_echo === true || message.is_deleted === true) return null;
  const id = idOf(message.mid);
  const senderId = isObj(item.sender) ? idOf(item.sender.id) : null;
  if (!id || !senderId) return null;
  const attachments = Array.isArray(message.attachments) ? message.attachments.length : 0;
  const content = textOf(message.text) || (attachments > 0 ? `[${attachments === 1 ? 'attachment' : `${attachments} attachments`}]` : '');
  return {
    id,
    eventType: 'messages',
    sender: { id: senderId, username: null },
    content,
    timestamp: isoOf(item.timestamp, time),
    accountId,
  };
}

/**
 * Turns Meta's Instagram webhook body into events: one per `changes[]` item of a known
 * field and one per `messaging[]` message. Meta retries whatever we refuse, so an item we
 * cannot make sense of is skipped rather than failing the whole delivery.
 */
export function normalizeInstagramPayload(payload: unknown, receivedAt: Date = new Date()): InstagramEvent[] {
  if (!isObj(payload) || !Array.isArray(payload.entry)) return [];
  if (payload.object !== undefined && payload.object !== 'instagram') return [];
  const events: InstagramEvent[] = [];
  for (const entry of payload.entry) {
    if (!isObj(entry)) continue;
    const accountId = idOf(entry.id);
    if (!accountId || accountId.length > 64) continue;
    const time = isoOf(entry.time, receivedAt.toISOString());
    for (const change of Array.isArray(entry.changes) ? entry.changes : []) {
      if (!isObj(change) || typeof change.field !== 'string' || !CHANGE_FIELDS.has(change.field) || !isObj(change.value)) continue;
      const event = fromChange(change.field as InstagramEventType, change.value, accountId, time);
      if (event) events.push(event);
    }
    for (const item of Array.isArray(entry.messaging) ? entry.messaging : []) {
      if (!isObj(item)) continue;
      const event = fromMessaging(item, accountId, time);
      if (event) events.push(event);
    }
  }
  return events;
}
