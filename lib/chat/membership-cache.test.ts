import { describe, expect, it } from 'vitest';
import type { DbOrTx } from '../../db';
import { AppError } from '../errors';
import { MembershipCache } from './membership-cache';

const db = {} as DbOrTx;

/** A lookup that answers `other-of-<conversation>` and records each call; `stranger` is refused. */
function recordingLookup() {
  const calls: string[] = [];
  const lookup = async (_db: DbOrTx, userId: string, conversationId: string) => {
    calls.push(`${userId}:${conversationId}`);
    if (userId === 'stranger') throw new AppError('forbidden', 'not a participant');
    return `other-of-${conversationId}`;
  };
  return { calls, lookup };
}

describe('[CHAT] membership cache', () => {
  it('looks each (member, conversation) up once, sharing a lookup in flight', async () => {
    const { calls, lookup } = recordingLookup();
    const cache = new MembershipCache(10, lookup);
    const [a, b] = await Promise.all([cache.otherId(db, 'u1', 'c1'), cache.otherId(db, 'u1', 'c1')]);
    expect([a, b]).toEqual(['other-of-c1', 'other-of-c1']);
    expect(await cache.otherId(db, 'u1', 'c1')).toBe('other-of-c1');
    expect(await cache.otherId(db, 'u2', 'c1')).toBe('other-of-c1');
    expect(calls).toEqual(['u1:c1', 'u2:c1']);
  });

  it('forgets a refusal at once', async () => {
    const { calls, lookup } = recordingLookup();
    const cache = new MembershipCache(10, lookup);
    await expect(cache.otherId(db, 'stranger', 'c1')).rejects.toMatchObject({ code: 'forbidden' });
    await expect(cache.otherId(db, 'stranger', 'c1')).rejects.toMatchObject({ code: 'forbidden' });
    expect(calls).toEqual(['stranger:c1', 'stranger:c1']);
    expect(cache.size).toBe(0);
  });

  it('stays within its bound, evicting an entry unused since it was kept before one in use', async () => {
    const { calls, lookup } = recordingLookup();
    const cache = new MembershipCache(3, lookup);
    for (const c of ['a', 'b', 'c']) await cache.otherId(db, 'u', c);
    // a and c are used again; b, kept since its lookup, is not.
    await cache.otherId(db, 'u', 'a');
    await cache.otherId(db, 'u', 'c');
    await cache.otherId(db, 'u', 'd');
    expect(cache.size).toBe(3);
    calls.length = 0;
    for (const c of ['a', 'c', 'd']) await cache.otherId(db, 'u', c);
    expect(calls).toEqual([]);
    await cache.otherId(db, 'u', 'b');
    expect(calls).toEqual(['u:b']);
    expect(cache.size).toBe(3);
  });

  it('evicts the oldest when every entry has been used, and still ends', async () => {
    const { calls, lookup } = recordingLookup();
    const cache = new MembershipCache(2, lookup);
    await cache.otherId(db, 'u', 'a');
    await cache.otherId(db, 'u', 'b');
    await cache.otherId(db, 'u', 'a');
    await cache.otherId(db, 'u', 'b');
    await cache.otherId(db, 'u', 'c');
    expect(cache.size).toBe(2);
    calls.length = 0;
    await cache.otherId(db, 'u', 'b');
    await cache.otherId(db, 'u', 'c');
    expect(calls).toEqual([]);
    await cache.otherId(db, 'u', 'a');
    expect(calls).toEqual(['u:a']);
  });
});
