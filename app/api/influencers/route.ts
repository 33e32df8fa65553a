import { ZInfluencerQuery } from '@/lib/contracts/users';
import { authedRoute, json, readQuery } from '@/lib/server/route';
import { searchInfluencers } from '@/lib/users/search-influencers';

export const GET = authedRoute(async ({ req, services }) => {
  const query = readQuery(req, ZInfluencerQuery);
  return json(await searchInfluencers(services.db, query));
});
