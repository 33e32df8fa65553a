import { z } from 'zod';

export const INSTAGRAM_EVENT_TYPES = ['comments', 'messages', 'mentions', 'live_comments'] as const;
export const ZInstagramEventType = z.enum(INSTAGRAM_EVENT_TYPES);
export type InstagramEventType = z.infer<typeof ZInstagramEventType>;

const ZEventTypes = z.array(ZInstagramEventType).max(INSTAGRAM_EVENT_TYPES.length * 4);

/** Frames a /ws/notifications client may send. */
export const ZWsClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('authenticate'), token: z.string().max(4096), userId: z.string().max(64).optional(), timestamp: z.unknown() }),
  z.object({ type: z.literal('subscribe'), eventTypes: ZEventTypes, userId: z.string().optional(), timestamp: z.unknown() }),
  z.object({ type: z.literal('unsubscribe'), eventTypes: ZEventTypes, userId: z.string().optional(), timestamp: z.unknown() }),
  z.object({ type: z.literal('get_subscriptions') }),
  z.object({ type: z.literal('test_connection') }),
  z.object({ type: z.literal('heartbeat'), timestamp: z.unknown(), clientId: z.string().max(200).optional() }),
]);
export type WsClientFrame = z.infer<typeof ZWsClientFrame>;
