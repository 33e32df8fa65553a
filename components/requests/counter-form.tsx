'use client';

import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import type { CollaborationRequest, CounterRequestInput } from '@/lib/contracts/requests';
import { fromMinorUnits } from '@/lib/requests/money';
import { parseCounterForm, type FormErrors } from '@/lib/requests/parse-terms-form';
import { CurrencySelect } from './currency-select';
import { TextArea } from './text-area';
import { localToday } from './local-today';

/** The influencer's counter offer: a new budget, optionally a new deadline and a note. */
export function CounterForm({
  request,
  busy,
  onSubmit,
  onCancel,
}: {
  request: CollaborationRequest;
  busy: boolean;
  onSubmit: (input: CounterRequestInput) => Promise<FormErrors | null>;
  onCancel: () => void;
}) {
  const [currency, setCurrency] = useState(request.budget.currency);
  const [errors, setErrors] = useState<FormErrors>({});

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = parseCounterForm({
      budget: String(data.get('budget') ?? ''),
      currency,
      deadline: String(data.get('deadline') ?? ''),
      note: String(data.get('note') ?? ''),
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors((await onSubmit(parsed.data)) ?? {});
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Counter offer" className="mt-4 space-y-3 rounded-xl border border-status-countered/30 bg-status-countered/5 p-4">
      <p className="text-sm font-medium">Propose different terms</p>
      <div className="grid gap-3 sm:grid-cols-[1fr_9rem]">
        <Field
          label="Budget"
          name="budget"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={fromMinorUnits(request.budget.amount, request.budget.currency)}
          error={errors.budget}
        />
        <CurrencySelect value={currency} onChange={setCurrency} error={errors.currency} />
      </div>
      <Field label="Deadline" name="deadline" type="date" min={localToday()} defaultValue={request.deadline ?? ''} error={errors.deadline} />
      <TextArea label="Note" name="note" rows={2} placeholder="Why these terms work better (optional)" error={errors.note} />
      {errors.form ? (
        <p role="alert" className="text-sm text-danger">
          {errors.form}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? 'Sending…' : 'Send counter'}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
