import { z } from 'zod';
import { searchMessages } from '@/lib/chat/search-messages';
import { authedRoute, json, readQuery } from '@/lib/server/route';

const ZSearch = z.object({
  q: z.string().trim().min(1, 'q must not be empty').max(200, 'q must be at most 200 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(30),
});

export const GET = authedRoute(async ({ req, services, caller }) => {
  const { q, limit } = readQuery(req, ZSearch);
  await services.limits.searches.consume(caller.userId, 'searches');
  return json({ messages: await searchMessages(services.db, caller.userId, q, limit) });
});
