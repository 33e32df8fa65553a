'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Avatar } from '@/components/ui/avatar';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import type { PublicUser } from '@/lib/contracts/common';
import { ApiCallError } from '@/lib/client/api-client';
import { requestsApi } from '@/lib/client/requests-api';
import { useAppStore } from '@/lib/client/store';
import { formatMoney, minorUnitDigits, toMinorUnits } from '@/lib/requests/money';
import { parseRequestForm, type FormErrors } from '@/lib/requests/parse-terms-form';
import { CurrencySelect } from './currency-select';
import { DeliverablesInput } from './deliverables-input';
import { localToday } from './local-today';
import { TextArea } from './text-area';
import { FormAlert } from '@/components/ui/form-alert';

/** A brand's collaboration request to one influencer, validated inline as the server would. */
export function RequestForm({ influencer, defaultCurrency = 'USD' }: { influencer: PublicUser; defaultCurrency?: string }) {
  const router = useRouter();
  const dispatch = useAppStore((s) => s.dispatchRequests);
  const [currency, setCurrency] = useState(defaultCurrency);
  const [deliverables, setDeliverables] = useState<string[]>(['']);
  const [budget, setBudget] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = parseRequestForm({
      influencerId: influencer.id,
      title: String(data.get('title') ?? ''),
      brief: String(data.get('brief') ?? ''),
      deliverables,
      budget,
      currency,
      deadline: String(data.get('deadline') ?? ''),
    });
    if (!parsed.ok) {
      setErrors(parsed.errors);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const request = await requestsApi.create(parsed.data);
      dispatch({ type: 'received', request, source: 'local' });
      dispatch({
        type: 'toast',
        toast: { id: `${request.id}:sent`, status: 'pending', text: `Request “${request.title}” sent to ${influencer.name}.`, href: null },
      });
      router.push('/requests');
      router.refresh();
    } catch (e) {
      const err = e instanceof ApiCallError ? e.error : { message: 'Could not send the request. Try again.', details: undefined };
      const next: FormErrors = {};
      if (Array.isArray(err.details)) {
        for (const d of err.details as { path?: string; message?: string }[]) {
          const key = (d.path?.startsWith('budget.currency') ? 'currency' : d.path?.split('.')[0]) as keyof FormErrors | undefined;
          if (key && key !== 'influencerId' && key !== 'form') next[key] ??= d.message ?? err.message;
        }
      }
      if (Object.keys(next).length === 0) next.form = err.message;
      setErrors(next);
      setPending(false);
    }
  }

  const digits = minorUnitDigits(currency);
  const minor = budget.trim() ? toMinorUnits(budget, currency) : null;
  const preview = minor === null ? null : formatMoney({ amount: minor, currency });

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Collaboration request" className="space-y-5">
      <div className="flex items-center gap-3 rounded-xl bg-surface-2 p-3">
        <Avatar name={influencer.name} src={influencer.avatarUrl} seed={influencer.id} size={40} />
        <div className="min-w-0">
          <p className="text-sm text-muted">To</p>
          <p className="truncate font-medium">
            {influencer.name} <span className="font-normal text-muted">@{influencer.handle}</span>
          </p>
        </div>
      </div>
      <FormAlert>{errors.form}</FormAlert>
      <Field label="Title" name="title" maxLength={200} placeholder="e.g. Spring collection launch" error={errors.title} />
      <TextArea label="Brief" name="brief" rows={5} maxLength={5000} placeholder="What you would like to create together, the audience, the tone…" error={errors.brief} />
      <DeliverablesInput items={deliverables} onChange={setDeliverables} error={errors.deliverables} />
      <div className="grid gap-4 sm:grid-cols-[1fr_9rem]">
        <Field
          label="Budget"
          name="budget"
          inputMode="decimal"
          autoComplete="off"
          value={budget}
          onChange={(e) => setBudget(e.target.value)}
          placeholder={digits === 0 ? '5000' : '1500.00'}
          error={errors.budget}
          hint={preview ? `${preview}${minor === 0 ? ' — a gifted collaboration' : ''}` : 'In the currency’s main unit; 0 for a gifted collaboration.'}
        />
        <CurrencySelect value={currency} onChange={setCurrency} error={errors.currency} />
      </div>
      <Field label="Deadline" name="deadline" type="date" min={localToday()} suppressHydrationWarning error={errors.deadline} hint="Optional. Today or later." />
      <Button type="submit" className="w-full sm:w-auto" disabled={pending}>
        {pending ? 'Sending…' : 'Send request'}
      </Button>
    </form>
  );
}
