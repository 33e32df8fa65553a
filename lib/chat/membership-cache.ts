import type { DbOrTx } from '../../db';
import { findMembership } from './find-membership';

/** Finds the other participant, or throws `forbidden` (findMembership, in the server). */
export type OtherIdLookup = (db: DbOrTx, userId: string, conversationId: string) => Promise<string>;

const lookupOtherId: OtherIdLookup = (db, userId, conversationId) => findMembership(db, userId, conversationId).then((m) => m.otherId);

type Entry = { otherId: Promise<string>; usedSinceKept: boolean };

/**
 * Who is the other participant, per (member, conversation), for the send path. Membership
 * never changes once a conversation exists (hiding does not stop sending), so a positive
 * answer can be kept; a refusal is forgotten at once. The lookup itself is shared: sends
 * that wait on one lookup continue in the order they arrived, so a sender's messages reach
 * the send queue in the order sent.
 *
 * Bounded, evicting by second chance (CLOCK): a hit only marks its entry, and an entry
 * marked since it was last passed over goes to the back instead of out. Moving every hit to
 * the back of the Map, as a strict LRU does, wrote a fresh key into a long-lived table on
 * every message: garbage that young-generation collections could not free (each key lived
 * until the sender's next message), left for a full collection.
 */
export class MembershipCache {
  readonly #max: number;
  readonly #lookup: OtherIdLookup;
  readonly #entries = new Map<string, Entry>();

  constructor(max = 100_000, lookup: OtherIdLookup = lookupOtherId) {
    this.#max = max;
    this.#lookup = lookup;
  }

  /** The other participant's id; `forbidden` for a stranger, as findMembership. */
  otherId(db: DbOrTx, userId: string, conversationId: string): Promise<string> {
    const key = `${userId}:${conversationId}`;
    const known = this.#entries.get(key);
    if (known !== undefined) {
      known.usedSinceKept = true;
      return known.otherId;
    }
    // Room is made first, so the entry being added is never the one evicted.
    if (this.#entries.size >= this.#max) this.#evictOne();
    const entry: Entry = { otherId: this.#lookup(db, userId, conversationId), usedSinceKept: false };
    this.#entries.set(key, entry);
    entry.otherId.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.otherId;
  }

  get size(): number {
    return this.#entries.size;
  }

  #evictOne(): void {
    // Ends within size + 1 steps: every entry passed over is unmarked as it goes to the back.
    for (const [key, entry] of this.#entries) {
      this.#entries.delete(key);
      if (!entry.usedSinceKept) return;
      entry.usedSinceKept = false;
      this.#entries.set(key, entry);
    }
  }
}
