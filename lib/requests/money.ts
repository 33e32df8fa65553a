import type { Budget } from '../contracts/requests';

/** Digits after the decimal point of `currency` (2 for EUR, 0 for JPY, 3 for KWD). */
export function minorUnitDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * Parses an amount typed in major units ("1,250.50", "1250,5", "¥ 3000") into integer minor
 * units, or null when it is not a non-negative number with at most the currency's digits.
 */
export function toMinorUnits(typed: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  let s = typed.replace(/[\s\u00a0\u202f'’]/g, '').replace(/[^\d.,-]/g, '');
  if (s === '' || s.includes('-')) return null;
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  if (lastSep !== -1) {
    const fraction = s.slice(lastSep + 1);
    const whole = s.slice(0, lastSep).replace(/[.,]/g, '');
    // "1,000" and "1.000" are thousands when the currency has fewer than three minor digits.
    if (fraction.length === 3 && digits < 3) s = whole + fraction;
    else s = `${whole}.${fraction}`;
  }
  if (!/^\d*(\.\d*)?$/.test(s) || s === '.' ) return null;
  const [whole = '', fraction = ''] = s.split('.');
  if (fraction.length > digits) return null;
  const minor = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Integer minor units back to a plain major-unit string for an input ("1250.5" → "1250.50"). */
export function fromMinorUnits(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const s = String(amount).padStart(digits + 1, '0');
  return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

/** A budget for people: "€1,250.00", "¥3,000"; zero is a gifted collaboration. */
export function formatMoney(budget: Budget, locale = 'en'): string {
  const digits = minorUnitDigits(budget.currency);
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: budget.currency }).format(budget.amount / 10 ** digits);
  } catch {
    return `${fromMinorUnits(budget.amount, budget.currency)} ${budget.currency}`;
  }
}

/** Common currencies first in pickers; any ISO 4217 code is accepted. */
export const COMMON_CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'AUD', 'CHF', 'SEK', 'NOK', 'DKK', 'INR', 'BRL', 'KRW', 'MXN', 'SGD', 'KWD'] as const;
