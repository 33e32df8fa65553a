import { describe, expect, it } from 'vitest';
import { formatMoney, fromMinorUnits, minorUnitDigits, toMinorUnits } from './money';

describe('[REQUESTS] money in minor units', () => {
  it('knows each currency’s minor-unit digits from Intl', () => {
    expect(minorUnitDigits('EUR')).toBe(2);
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(minorUnitDigits('KRW')).toBe(0);
    expect(minorUnitDigits('KWD')).toBe(3);
  });

  it('turns typed major units into integer minor units', () => {
    expect(toMinorUnits('1250', 'EUR')).toBe(125000);
    expect(toMinorUnits('1250.5', 'EUR')).toBe(125050);
    expect(toMinorUnits('1,250.50', 'USD')).toBe(125050);
    expect(toMinorUnits('1250,50', 'EUR')).toBe(125050);
    expect(toMinorUnits('0.1', 'USD')).toBe(10);
    expect(toMinorUnits('0', 'USD')).toBe(0);
    expect(toMinorUnits('3000', 'JPY')).toBe(3000);
    expect(toMinorUnits('3,000', 'JPY')).toBe(3000);
    expect(toMinorUnits('1.234', 'KWD')).toBe(1234);
  });

  it('refuses negatives, junk and more digits than the currency has', () => {
    expect(toMinorUnits('', 'EUR')).toBeNull();
    expect(toMinorUnits('-5', 'EUR')).toBeNull();
    expect(toMinorUnits('abc', 'EUR')).toBeNull();
    expect(toMinorUnits('1.234', 'EUR')).toBe(1234_00); // a thousands separator, not cents
    expect(toMinorUnits('1.2345', 'EUR')).toBeNull();
    expect(toMinorUnits('10.5', 'JPY')).toBeNull();
  });

  it('formats and round-trips amounts', () => {
    expect(formatMoney({ amount: 125000, currency: 'EUR' })).toBe('€1,250.00');
    expect(formatMoney({ amount: 3000, currency: 'JPY' })).toBe('¥3,000');
    expect(formatMoney({ amount: 0, currency: 'USD' })).toBe('$0.00');
    expect(fromMinorUnits(125050, 'EUR')).toBe('1250.50');
    expect(fromMinorUnits(5, 'USD')).toBe('0.05');
    expect(fromMinorUnits(3000, 'JPY')).toBe('3000');
    expect(toMinorUnits(fromMinorUnits(98765, 'GBP'), 'GBP')).toBe(98765);
  });
});
