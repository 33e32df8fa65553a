import { ZMarkNotificationsRead } from '@/lib/contracts/notifications';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';
import { authedRoute, json, readJson } from '@/lib/server/route';

export const POST = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZMarkNotificationsRead);
  return json(await markNotificationsRead(services.db, caller.userId, input));
});
