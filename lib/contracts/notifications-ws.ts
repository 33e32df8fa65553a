import { z } from 'zod';

export const INSTAGRAM_EVENT_TYPES = ['comments', 'messages', 'mentions', 'live_comments'] as const;
export const ZInstagramEventType = z.enum(INSTAGRAM_EVENT_TYPES);
export type InstagramEventType = z.infer<typeof ZInstagramEventType>;

const ZEventTypes = z.array(ZInstagramEventType).max(INSTAGRAM_EVENT_TYPES.length * 4);
/** Clients stamp their frames, but the server never needs the value: a missing one is no error. */
const ZClientTimestamp = z.unknown().optional();

/** Frames a /ws/notifications client may send. */
export const ZWsClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('authenticate'), token: z.string().max(4096), userId: z.string().max(64).optional(), timestamp: ZClientTimestamp }),
  z.object({ type: z.literal('subscribe'), eventTypes: ZEventTypes, userId: z.string().optional(), timestamp: ZClientTimestamp }),
  z.object({ type: z.literal('unsubscribe'), eventTypes: ZEventTypes, userId: z.string().optional(), timestamp: ZClientTimestamp }),
  z.object({ type: z.literal('get_subscriptions') }),
  z.object({ type: z.literal('test_connection') }),
  z.object({ type: z.literal('heartbeat'), timestamp: ZClientTimestamp, clientId: z.string().max(200).optional() }),
]);
export type WsClientFrame = z.infer<typeof ZWsClientFrame>;
