import type { InstagramEventType } from './notifications-ws';

/** One normalised Instagram webhook event, as pushed to its owner. */
export type InstagramEvent = {
  id: string;
  eventType: InstagramEventType;
  sender: { id: string; username: string | null };
  content: string;
  timestamp: string;
  accountId: string;
};
