import { z } from 'zod';
import type { PublicUser } from './common';
import { ZUuid } from './common';

export const REQUEST_STATUSES = ['pending', 'countered', 'accepted', 'rejected', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const ZRequestStatus = z.enum(REQUEST_STATUSES);

export const REQUEST_ACTIONS = ['accept', 'reject', 'counter', 'withdraw'] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

export type Budget = { amount: number; currency: string };

export type CollaborationRequest = {
  id: string;
  brand: PublicUser;
  influencer: PublicUser;
  title: string;
  brief: string;
  deliverables: string[];
  budget: Budget;
  deadline: string | null;
  status: RequestStatus;
  counter: { budget: Budget; deadline: string | null; note: string | null; createdAt: string } | null;
  responseNote: string | null;
  conversationId: string | null;
  createdAt: string;
  respondedAt: string | null;
  /** (extension) The last state change; expiry counts from here and clients order updates by it. */
  updatedAt: string;
  /** (extension) When an open request expires unless someone acts; null once it is closed. */
  expiresAt: string | null;
  /** (extension) The terms both sides agreed to: the counter's when the brand accepted one. */
  agreed: { budget: Budget; deadline: string | null } | null;
};

export const TITLE_MAX = 200;
export const BRIEF_MAX = 5000;
export const NOTE_MAX = 1000;
export const DELIVERABLE_MAX = 200;
export const DELIVERABLES_MAX = 20;
/** Ten trillion minor units: far beyond any real budget, well inside exact JS integers. */
export const AMOUNT_MAX = 10_000_000_000_000;

const supportedCurrencies: ReadonlySet<string> | null = (() => {
  try {
    const list = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf?.('currency');
    return list && list.length > 0 ? new Set(list) : null;
  } catch {
    return null;
  }
})();

export const ZCurrency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Currency must be three uppercase letters (ISO 4217)')
  .refine((c) => supportedCurrencies === null || supportedCurrencies.has(c), 'Currency is not an ISO 4217 code');

export const ZBudget = z.object({
  amount: z
    .number({ message: 'Budget must be a number' })
    .int('Budget amount must be a whole number of minor units')
    .min(0, 'Budget cannot be negative')
    .max(AMOUNT_MAX, 'Budget is too large'),
  currency: ZCurrency,
});

/**
 * The earliest calendar date that is "today" somewhere on Earth (UTC−12). Server and browser
 * both validate deadlines against it, so a date that is today for the person typing it is
 * never refused because the server runs in another time zone.
 */
export function earliestToday(now: Date = new Date()): string {
  return new Date(now.getTime() - 12 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

export const ZDeadline = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Deadline must be a date (YYYY-MM-DD)')
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'Deadline is not a real date')
  .refine((d) => d >= earliestToday(), 'Deadline cannot be in the past');

const ZNote = z
  .string()
  .trim()
  .max(NOTE_MAX, `Note must be at most ${NOTE_MAX} characters`)
  .transform((n) => (n === '' ? null : n));

/** `null` and an empty string both mean "no deadline". */
const ZOptionalDeadline = z.preprocess((v) => (v === '' || v === null ? undefined : v), ZDeadline.optional());

export const ZCreateRequest = z.object({
  influencerId: ZUuid,
  title: z.string().trim().min(1, 'Enter a title').max(TITLE_MAX, `Title must be at most ${TITLE_MAX} characters`),
  brief: z.string().trim().min(1, 'Describe the collaboration').max(BRIEF_MAX, `Brief must be at most ${BRIEF_MAX} characters`),
  deliverables: z
    .array(z.string().trim().max(DELIVERABLE_MAX, `Each deliverable must be at most ${DELIVERABLE_MAX} characters`))
    .max(DELIVERABLES_MAX, `At most ${DELIVERABLES_MAX} deliverables`)
    .transform((list) => list.filter((d) => d !== ''))
    .default([]),
  budget: ZBudget,
  deadline: ZOptionalDeadline,
});
export type CreateRequestInput = z.infer<typeof ZCreateRequest>;

export const ZAnswerNote = z.object({ note: ZNote.optional() });
export type AnswerNoteInput = z.infer<typeof ZAnswerNote>;

export const ZCounterRequest = z.object({
  budget: ZBudget,
  deadline: ZOptionalDeadline,
  note: ZNote.optional(),
});
export type CounterRequestInput = z.infer<typeof ZCounterRequest>;

export const ZRequestBox = z.enum(['incoming', 'outgoing']);
export type RequestBox = z.infer<typeof ZRequestBox>;

export const ZListRequestsQuery = z.object({
  box: ZRequestBox.optional(),
  /** One status or several separated by commas; empty means every status. */
  status: z
    .string()
    .trim()
    .optional()
    .transform((s) => (s ? [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))] : []))
    .pipe(z.array(ZRequestStatus)),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type ListRequestsQuery = z.infer<typeof ZListRequestsQuery>;
