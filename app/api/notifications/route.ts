import { ZNotificationQuery } from '@/lib/contracts/notifications';
import { listNotifications } from '@/lib/notifications/list-notifications';
import { authedRoute, json, readQuery } from '@/lib/server/route';

export const GET = authedRoute(async ({ req, services, caller }) => {
  const query = readQuery(req, ZNotificationQuery);
  return json(await listNotifications(services.db, caller.userId, query));
});
