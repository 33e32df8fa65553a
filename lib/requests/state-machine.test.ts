import { describe, expect, it } from 'vitest';
import { REQUEST_ACTIONS, REQUEST_STATUSES, type RequestAction, type RequestStatus } from '../contracts/requests';
import { awaitingSide, decideTransition, expiresAt, isOpen, isStale } from './state-machine';

type Role = 'brand' | 'influencer';

/** The contract's table, written out once more by hand so the code cannot drift from it. */
const allowed: [RequestStatus, RequestAction, Role, RequestStatus][] = [
  ['pending', 'accept', 'influencer', 'accepted'],
  ['pending', 'reject', 'influencer', 'rejected'],
  ['pending', 'counter', 'influencer', 'countered'],
  ['pending', 'withdraw', 'brand', 'withdrawn'],
  ['countered', 'accept', 'brand', 'accepted'],
  ['countered', 'withdraw', 'brand', 'withdrawn'],
  ['countered', 'reject', 'influencer', 'rejected'],
];

describe('[REQUESTS] state machine', () => {
  it.each(allowed)('%s → %s by the %s leads to %s', (from, action, role, to) => {
    expect(decideTransition(from, action, role)).toEqual({ ok: true, to });
  });

  it('refuses the wrong party with forbidden on open requests', () => {
    const cases: [RequestStatus, RequestAction, Role][] = [
      ['pending', 'accept', 'brand'],
      ['pending', 'reject', 'brand'],
      ['pending', 'counter', 'brand'],
      ['pending', 'withdraw', 'influencer'],
      ['countered', 'accept', 'influencer'],
      ['countered', 'withdraw', 'influencer'],
      ['countered', 'reject', 'brand'],
      ['countered', 'counter', 'brand'],
    ];
    for (const [status, action, role] of cases) {
      const result = decideTransition(status, action, role);
      expect(result, `${status} ${action} by ${role}`).toMatchObject({ ok: false, code: 'forbidden' });
    }
  });

  it('answers invalid_state for a side whose action the state does not allow', () => {
    expect(decideTransition('countered', 'counter', 'influencer')).toMatchObject({ ok: false, code: 'invalid_state' });
    for (const status of ['accepted', 'rejected', 'withdrawn', 'expired'] as const) {
      expect(decideTransition(status, 'accept', 'influencer')).toMatchObject({ ok: false, code: 'invalid_state' });
      expect(decideTransition(status, 'accept', 'brand')).toMatchObject({ ok: false, code: 'invalid_state' });
      expect(decideTransition(status, 'reject', 'influencer')).toMatchObject({ ok: false, code: 'invalid_state' });
      expect(decideTransition(status, 'counter', 'influencer')).toMatchObject({ ok: false, code: 'invalid_state' });
      expect(decideTransition(status, 'withdraw', 'brand')).toMatchObject({ ok: false, code: 'invalid_state' });
    }
  });

  it('keeps actions a side never takes forbidden even on closed requests', () => {
    for (const status of ['accepted', 'rejected', 'withdrawn', 'expired'] as const) {
      expect(decideTransition(status, 'withdraw', 'influencer')).toMatchObject({ code: 'forbidden' });
      expect(decideTransition(status, 'reject', 'brand')).toMatchObject({ code: 'forbidden' });
      expect(decideTransition(status, 'counter', 'brand')).toMatchObject({ code: 'forbidden' });
    }
  });

  it('covers every status × action × role with exactly the allowed transitions succeeding', () => {
    let ok = 0;
    for (const status of REQUEST_STATUSES) {
      for (const action of REQUEST_ACTIONS) {
        for (const role of ['brand', 'influencer'] as const) {
          const result = decideTransition(status, action, role);
          const expected = allowed.find(([s, a, r]) => s === status && a === action && r === role);
          expect(result.ok, `${status} ${action} ${role}`).toBe(expected !== undefined);
          if (result.ok) ok++;
        }
      }
    }
    expect(ok).toBe(allowed.length);
  });

  it('treats a stale open request as expired: every answer is invalid_state', () => {
    for (const [from, action, role] of allowed) {
      expect(decideTransition(from, action, role, true)).toMatchObject({ ok: false, code: 'invalid_state' });
    }
    // Staleness never revives a closed request.
    expect(decideTransition('accepted', 'accept', 'influencer', true)).toMatchObject({ code: 'invalid_state' });
  });

  it('expires open requests exactly ttlDays after their last change, never closed ones', () => {
    const changed = new Date('2026-03-01T10:00:00Z');
    expect(expiresAt(changed, 14).toISOString()).toBe('2026-03-15T10:00:00.000Z');
    const justBefore = new Date('2026-03-15T09:59:59.999Z');
    const atExpiry = new Date('2026-03-15T10:00:00Z');
    expect(isStale('pending', changed, 14, justBefore)).toBe(false);
    expect(isStale('pending', changed, 14, atExpiry)).toBe(true);
    expect(isStale('countered', changed, 14, atExpiry)).toBe(true);
    for (const closed of ['accepted', 'rejected', 'withdrawn', 'expired'] as const) {
      expect(isStale(closed, changed, 14, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    }
  });

  it('knows whose answer an open request waits for', () => {
    expect(awaitingSide('pending')).toBe('influencer');
    expect(awaitingSide('countered')).toBe('brand');
    expect(awaitingSide('accepted')).toBeNull();
    expect(isOpen('pending') && isOpen('countered') && !isOpen('expired')).toBe(true);
  });
});
