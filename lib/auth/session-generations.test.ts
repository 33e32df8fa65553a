import { describe, expect, it } from 'vitest';
import type { RawQuery } from '../../db/raw-query';
import { SessionGenerations } from './session-generations';

const ID = '6f1c2a64-3c1e-4a55-9b0e-1f0f6f3a7c11';

/** A users table of one column, answering the two statements SessionGenerations sends. */
function fakeUsers(rows: Record<string, number>) {
  const calls: string[] = [];
  let release: (() => void) | null = null;
  let gate: Promise<void> | null = null;
  const query = (async (text: string, params: unknown[]) => {
    calls.push(text.split(' ')[0]!);
    if (text.includes('any(')) {
      // refresh(): every listed id that exists, in one statement.
      return String(params[0])
        .split(',')
        .filter((id) => id in rows)
        .map((id) => ({ id, session_generation: rows[id] }));
    }
    const id = String(params[0]);
    if (!(id in rows)) return [];
    if (text.startsWith('update')) rows[id]! += 1;
    // A held select answers what the table held when it was sent.
    const answer = [{ session_generation: rows[id] }];
    if (gate && text.startsWith('select')) await gate;
    return answer;
  }) as RawQuery;
  return {
    query,
    calls,
    /** Holds every select until the returned function is called. */
    hold() {
      gate = new Promise((resolve) => (release = resolve));
      return () => {
        gate = null;
        release?.();
      };
    },
  };
}

describe('[AUTH] session generations', () => {
  it('accepts a token of the current generation, refuses an older one and an unknown user', async () => {
    const db = fakeUsers({ [ID]: 3 });
    const sessions = new SessionGenerations(db.query);
    expect(await sessions.accepts({ userId: ID, generation: 3 })).toBe(true);
    expect(await sessions.accepts({ userId: ID, generation: 2 })).toBe(false);
    expect(await sessions.accepts({ userId: '0b1c2a64-3c1e-4a55-9b0e-1f0f6f3a7c11', generation: 0 })).toBe(false);
    // Not a uuid: not one of our tokens' subjects, and never sent to the database.
    expect(await sessions.current('u1')).toBeNull();
    expect(db.calls).toEqual(['select', 'select']);
  });

  it('reads a user once while it is fresh, shares a read in flight, and reads again after the TTL', async () => {
    let now = 0;
    const db = fakeUsers({ [ID]: 0 });
    const sessions = new SessionGenerations(db.query, { ttlMs: 1000, now: () => now });
    const release = db.hold();
    const both = Promise.all([sessions.current(ID), sessions.current(ID)]);
    release();
    expect(await both).toEqual([0, 0]);
    now = 999;
    expect(await sessions.current(ID)).toBe(0);
    expect(db.calls).toEqual(['select']);
    now = 1000;
    expect(await sessions.current(ID)).toBe(0);
    expect(db.calls).toEqual(['select', 'select']);
  });

  it('revokes by moving the generation on, and a read begun before it cannot bring the old one back', async () => {
    const db = fakeUsers({ [ID]: 0 });
    const sessions = new SessionGenerations(db.query);
    const release = db.hold();
    const staleRead = sessions.current(ID);
    expect(await sessions.revoke(ID)).toBe(1);
    // The select sent before the revocation answers 0 after it: what is known never goes back.
    release();
    expect(await staleRead).toBe(1);
    expect(sessions.known(ID)).toBe(1);
    expect(await sessions.current(ID)).toBe(1);
    expect(await sessions.revoke('0b1c2a64-3c1e-4a55-9b0e-1f0f6f3a7c11')).toBeNull();
  });

  it('learns a generation heard from another process, never lowering it, and forgets the least recently used', async () => {
    const db = fakeUsers({});
    const sessions = new SessionGenerations(db.query, { max: 2 });
    expect(sessions.learn('a', 4)).toBe(4);
    expect(sessions.learn('a', 2)).toBe(4);
    sessions.learn('b', 1);
    sessions.learn('a', 4);
    sessions.learn('c', 1);
    expect([sessions.known('a'), sessions.known('b'), sessions.known('c')]).toEqual([4, undefined, 1]);
  });

  it('refreshes many users in one statement and learns each, leaving out users that are gone', async () => {
    const other = '0b1c2a64-3c1e-4a55-9b0e-1f0f6f3a7c11';
    const db = fakeUsers({ [ID]: 5 });
    const sessions = new SessionGenerations(db.query);
    sessions.learn(ID, 2);
    await sessions.refresh([ID, other, 'not-a-uuid']);
    expect(db.calls).toEqual(['select']);
    expect(sessions.known(ID)).toBe(5);
    expect(sessions.known(other)).toBeUndefined();
  });
});
