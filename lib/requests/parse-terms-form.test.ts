import { describe, expect, it } from 'vitest';
import { isoDateFromNow } from './test-dates';
import { parseCounterForm, parseRequestForm } from './parse-terms-form';

const base = {
  influencerId: '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5',
  title: 'Spring reel',
  brief: 'Two reels',
  deliverables: ['2 reels', '  ', '1 story'],
  budget: '1,500.50',
  currency: 'EUR',
  deadline: isoDateFromNow(10),
};

describe('[REQUESTS] request form validation matches the server', () => {
  it('turns a typed budget into minor units and drops blank deliverables', () => {
    const parsed = parseRequestForm(base);
    expect(parsed).toEqual({
      ok: true,
      data: expect.objectContaining({ budget: { amount: 150050, currency: 'EUR' }, deliverables: ['2 reels', '1 story'] }),
    });
    expect(parseRequestForm({ ...base, budget: '5000', currency: 'JPY' })).toMatchObject({ ok: true, data: { budget: { amount: 5000 } } });
  });

  it('reports each field inline', () => {
    const parsed = parseRequestForm({ ...base, title: ' ', brief: '', budget: '12.3456', deadline: isoDateFromNow(-2) });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toMatchObject({
      title: 'Enter a title',
      brief: 'Describe the collaboration',
      budget: expect.stringContaining('EUR'),
      deadline: 'Deadline cannot be in the past',
    });
    const yen = parseRequestForm({ ...base, budget: '10.5', currency: 'JPY' });
    expect(yen).toMatchObject({ ok: false, errors: { budget: expect.stringContaining('whole amount') } });
  });

  it('validates counters the same way', () => {
    expect(parseCounterForm({ budget: '200', currency: 'USD', deadline: '', note: ' ' })).toEqual({
      ok: true,
      data: { budget: { amount: 20000, currency: 'USD' }, note: null },
    });
    expect(parseCounterForm({ budget: '', currency: 'USD', deadline: '', note: '' })).toMatchObject({ ok: false });
  });
});
