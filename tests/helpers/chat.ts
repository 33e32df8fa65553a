import { collaborationRequests } from '@/db/schema';
import { openConversation } from '@/lib/chat/open-conversation';
import { createUser, type TestUser } from './clients';
import type { TestServer } from './test-server';

export type Pair = { brand: TestUser; influencer: TestUser; conversationId: string };

/**
 * A brand and an influencer with an accepted request and their open conversation, set up
 * through the domain layer of the running server (the requests API has its own tests).
 */
export async function createPair(server: TestServer): Promise<Pair> {
  const brand = await createUser(server.url, 'brand');
  const influencer = await createUser(server.url, 'influencer');
  const db = server.app.services.db;
  const conversationId = await db.transaction(async (tx) => {
    const { conversation } = await openConversation(tx, brand.user.id, influencer.user.id);
    await tx.insert(collaborationRequests).values({
      brandId: brand.user.id,
      influencerId: influencer.user.id,
      title: 'Spring campaign',
      brief: 'Three stories',
      budgetAmount: 50_000,
      currency: 'EUR',
      status: 'accepted',
      conversationId: conversation.id,
      respondedAt: new Date(),
    });
    return conversation.id;
  });
  return { brand, influencer, conversationId };
}

/** Collects every payload of `event` on a socket. */
export function collect<T = any>(socket: { on: (...args: any[]) => unknown }, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (p: T) => seen.push(p));
  return seen;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `check` passes or `ms` elapse (then throws the last failure). */
export async function eventually(check: () => void | Promise<void>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await sleep(25);
    }
  }
}
