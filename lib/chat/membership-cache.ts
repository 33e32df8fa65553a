import type { DbOrTx } from '../../db';
import { findMembership } from './find-membership';

/**
 * Who is the other participant, per (member, conversation), for the send path. Membership
 * never changes once a conversation exists (hiding does not stop sending), so a positive
 * answer can be kept; a refusal is forgotten at once. The lookup itself is shared: sends
 * that wait on one lookup continue in the order they arrived, so a sender's messages reach
 * the send queue in the order sent. Bounded: the least recently used go first.
 */
export class MembershipCache {
  readonly #max: number;
  readonly #otherId = new Map<string, Promise<string>>();

  constructor(max = 100_000) {
    this.#max = max;
  }

  /** The other participant's id; `forbidden` for a stranger, as findMembership. */
  otherId(db: DbOrTx, userId: string, conversationId: string): Promise<string> {
    const key = `${userId}:${conversationId}`;
    const known = this.#otherId.get(key);
    if (known !== undefined) {
      // Re-inserting keeps the Map's order least recently used first.
      this.#otherId.delete(key);
      this.#otherId.set(key, known);
      return known;
    }
    const lookup = findMembership(db, userId, conversationId).then((m) => m.otherId);
    this.#otherId.set(key, lookup);
    lookup.catch(() => {
      if (this.#otherId.get(key) === lookup) this.#otherId.delete(key);
    });
    if (this.#otherId.size > this.#max) this.#otherId.delete(this.#otherId.keys().next().value!);
    return lookup;
  }
}
