import { useEffect, useState } from 'react';
import { inputClass, LabelledControl } from '@/components/ui/field';
import { COMMON_CURRENCIES } from '@/lib/requests/money';

function allCurrencies(): string[] {
  try {
    return (Intl as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('currency') ?? [];
  } catch {
    return [];
  }
}

/** A "Currency" select: the common ones first, then every ISO 4217 code the browser knows. */
export function CurrencySelect({
  value,
  onChange,
  error,
  label = 'Currency',
}: {
  value: string;
  onChange: (currency: string) => void;
  error?: string | undefined;
  label?: string;
}) {
  // Filled after mount: the server's and the browser's currency lists may differ, and the
  // first render must match the server's HTML.
  const [others, setOthers] = useState<string[]>([]);
  useEffect(() => setOthers(allCurrencies().filter((c) => !(COMMON_CURRENCIES as readonly string[]).includes(c))), []);
  return (
    <LabelledControl label={label} error={error}>
      {(control) => (
          <select
            {...control}
            name="currency"
            value={value}
            onChange={(e) => onChange(e.target.value)}
            className={inputClass}
          >
            <optgroup label="Common">
              {COMMON_CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </optgroup>
            {others.length > 0 ? (
              <optgroup label="All currencies">
                {others.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
      )}
    </LabelledControl>
  );
}
