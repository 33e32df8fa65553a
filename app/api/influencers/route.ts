import { ZInfluencerQuery } from '@/lib/contracts/users';
import { authedRoute, json, readQuery } from '@/lib/server/route';
import { searchInfluencers } from '@/lib/users/search-influencers';

export const GET = authedRoute(async ({ req, services, caller }) => {
  const query = readQuery(req, ZInfluencerQuery);
  await services.limits.searches.consume(caller.userId, 'searches');
  return json(await searchInfluencers(services.db, query));
});
