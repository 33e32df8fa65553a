'use client';

import { inputClass } from '@/components/ui/field';
import { DELIVERABLES_MAX, DELIVERABLE_MAX } from '@/lib/contracts/requests';

/** An editable list of deliverables: one textbox each, add and remove. */
export function DeliverablesInput({
  items,
  onChange,
  error,
}: {
  items: string[];
  onChange: (items: string[]) => void;
  error?: string | undefined;
}) {
  const update = (i: number, value: string) => onChange(items.map((item, j) => (j === i ? value : item)));
  const remove = (i: number) => onChange(items.filter((_, j) => j !== i));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Deliverables</legend>
      <ol className="space-y-2">
        {items.map((item, i) => (
          <li key={i} className="flex items-center gap-2">
            <span aria-hidden="true" className="w-5 text-right text-xs tabular-nums text-muted">
              {i + 1}.
            </span>
            <input
              aria-label={`Deliverable ${i + 1}`}
              value={item}
              maxLength={DELIVERABLE_MAX}
              placeholder={i === 0 ? 'e.g. 2 Instagram reels' : ''}
              onChange={(e) => update(i, e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  if (items.length < DELIVERABLES_MAX) onChange([...items, '']);
                }
              }}
              className={inputClass}
            />
            <button
              type="button"
              aria-label={`Remove deliverable ${i + 1}`}
              onClick={() => remove(i)}
              className="rounded-lg px-2 py-1 text-muted hover:bg-surface-3 hover:text-text"
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      {items.length < DELIVERABLES_MAX ? (
        <button type="button" onClick={() => onChange([...items, ''])} className="text-sm font-medium text-accent hover:underline">
          + Add deliverable
        </button>
      ) : null}
      {error ? <p className="text-sm text-danger">{error}</p> : null}
    </fieldset>
  );
}
