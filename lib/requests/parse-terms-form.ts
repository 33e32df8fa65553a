import { z } from 'zod';
import { ZCounterRequest, ZCreateRequest, type CounterRequestInput, type CreateRequestInput } from '../contracts/requests';
import { minorUnitDigits, toMinorUnits } from './money';

export type FormErrors = Partial<Record<'title' | 'brief' | 'deliverables' | 'budget' | 'currency' | 'deadline' | 'note' | 'influencerId' | 'form', string>>;
export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

type Terms = { budget: string; currency: string; deadline: string };

/**
 * Reads what a person typed (a budget in major units) into the wire input and validates it
 * with the very schema the server uses, so the form refuses exactly what the server would.
 */
export function parseRequestForm(values: Terms & { influencerId: string; title: string; brief: string; deliverables: string[] }): Parsed<CreateRequestInput> {
  const amount = budgetAmount(values);
  const parsed = ZCreateRequest.safeParse({
    influencerId: values.influencerId,
    title: values.title,
    brief: values.brief,
    deliverables: values.deliverables,
    budget: { amount: amount ?? Number.NaN, currency: values.currency },
    deadline: values.deadline || undefined,
  });
  return result(parsed, amount, values.currency);
}

export function parseCounterForm(values: Terms & { note: string }): Parsed<CounterRequestInput> {
  const amount = budgetAmount(values);
  const parsed = ZCounterRequest.safeParse({
    budget: { amount: amount ?? Number.NaN, currency: values.currency },
    deadline: values.deadline || undefined,
    note: values.note,
  });
  return result(parsed, amount, values.currency);
}

function budgetAmount(values: Terms): number | null {
  return values.budget.trim() === '' ? null : toMinorUnits(values.budget, values.currency);
}

function result<T>(parsed: z.ZodSafeParseResult<T>, amount: number | null, currency: string): Parsed<T> {
  const errors: FormErrors = {};
  if (amount === null) {
    const digits = minorUnitDigits(currency);
    errors.budget = digits === 0 ? `Enter a whole amount in ${currency}, like 5000` : `Enter an amount in ${currency}, like 1500 or 1500.${'5'.padEnd(digits, '0')}`;
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [head, sub] = issue.path;
      const key = (head === 'budget' ? (sub === 'currency' ? 'currency' : 'budget') : String(head ?? 'form')) as keyof FormErrors;
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, data: parsed.data };
}
