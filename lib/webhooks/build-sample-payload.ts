import { randomInt } from 'node:crypto';
import type { InstagramEventType } from '../contracts/notifications-ws';

export type SamplePayloadOptions = {
  accountId: string;
  type: InstagramEventType;
  /** Meta's id of the comment, mention or live comment, or the message's mid; random when absent. */
  id?: string;
  text?: string;
  sender?: { id: string; username: string };
  /** Epoch milliseconds. */
  now?: number;
};

const digits = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? randomInt(1, 10) : randomInt(0, 10))).join('');

/**
 * A body shaped like the one Meta posts for `type`, for trying the endpoint without Meta:
 * changes[] for comments, mentions and live comments; messaging[] for direct messages.
 */
export function buildSamplePayload(options: SamplePayloadOptions): Record<string, unknown> {
  const now = options.now ?? Date.now();
  const sender = options.sender ?? { id: digits(17), username: 'sample.follower' };
  const entry: Record<string, unknown> = { id: options.accountId, time: Math.floor(now / 1000) };
  switch (options.type) {
    case 'comments':
    case 'live_comments':
      entry.changes = [
        {
          field: options.type,
          value: {
            from: sender,
            media: { id: digits(17), media_product_type: options.type === 'live_comments' ? 'LIVE' : 'FEED' },
            id: options.id ?? digits(17),
            text: options.text ?? (options.type === 'live_comments' ? 'Hello from the live!' : 'Love this collab!'),
          },
        },
      ];
      break;
    case 'mentions':
      entry.changes = [{ field: 'mentions', value: { comment_id: options.id ?? digits(17), media_id: digits(17) } }];
      break;
    case 'messages':
      entry.messaging = [
        {
          sender: { id: sender.id },
          recipient: { id: options.accountId },
          timestamp: now,
          message: { mid: options.id ?? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${digits(20)}`, text: options.text ?? 'Hi! Are you open to a partnership?' },
        },
      ];
      break;
  }
  return { object: 'instagram', entry: [entry] };
}
