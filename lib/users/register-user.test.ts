import { describe, expect, it } from 'vitest';
import { ZHandle } from '../contracts/users';
import { suggestHandle } from './register-user';

describe('[ACCOUNTS] handles', () => {
  it('derives a valid handle from the name, then from the email', () => {
    expect(suggestHandle('Maya Chén', 'm@x.io', 0)).toBe('maya_chen');
    expect(suggestHandle('!!!', 'leo.lifts@x.io', 0)).toBe('leo.lifts');
    expect(suggestHandle('X', 'y@x.io', 0)).toMatch(/^x_[0-9a-f]{4}$/);
  });

  it('adds a random suffix after a collision and stays within the handle rules', () => {
    const h = suggestHandle('A very long brand name that goes on and on', 'a@x.io', 1);
    expect(h).toMatch(/_[0-9a-f]{6}$/);
    expect(ZHandle.safeParse(h).success).toBe(true);
  });

  it('normalises chosen handles: no @, lower case', () => {
    expect(ZHandle.parse('@Maya_Makes')).toBe('maya_makes');
    expect(ZHandle.safeParse('has space').success).toBe(false);
  });
});
