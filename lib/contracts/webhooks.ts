import { z } from 'zod';
import { ZInstagramEventType, type InstagramEventType } from './notifications-ws';

/** One normalised Instagram webhook event, as pushed to its owner. */
export type InstagramEvent = {
  id: string;
  eventType: InstagramEventType;
  sender: { id: string; username: string | null };
  content: string;
  timestamp: string;
  accountId: string;
};

export const ZInstagramEvent = z.object({
  id: z.string(),
  eventType: ZInstagramEventType,
  sender: z.object({ id: z.string(), username: z.string().nullable() }),
  content: z.string(),
  timestamp: z.string(),
  accountId: z.string(),
});

/** Meta's account ids are numeric strings; letters, dots, dashes and underscores are tolerated for test accounts. */
export const ZInstagramAccountId = z
  .string()
  .trim()
  .min(1, 'Enter the Instagram account ID')
  .max(64, 'Account ID must be at most 64 characters')
  .regex(/^[A-Za-z0-9._-]+$/, 'Account ID may use letters, digits, dots, dashes and underscores');

export const ZLinkInstagramAccount = z.object({
  accountId: ZInstagramAccountId,
  username: z
    .string()
    .trim()
    .transform((u) => u.replace(/^@/, ''))
    .pipe(
      z
        .string()
        .min(1, 'Enter the Instagram username')
        .max(64, 'Username must be at most 64 characters')
        .regex(/^[A-Za-z0-9._]+$/, 'Username may use letters, digits, dots and underscores'),
    ),
});
export type LinkInstagramAccountInput = z.infer<typeof ZLinkInstagramAccount>;

/** A linked Instagram account (extension of the contract). */
export type InstagramAccount = { accountId: string; username: string; createdAt: string };
