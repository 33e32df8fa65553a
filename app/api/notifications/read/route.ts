import { ZMarkNotificationsRead } from '@/lib/contracts/notifications';
import { markNotificationsRead } from '@/lib/notifications/mark-notifications-read';
import { authedRoute, json, readJson } from '@/lib/server/route';

export const POST = authedRoute(async ({ req, services, caller }) => {
  const input = await readJson(req, ZMarkNotificationsRead);
  const result = await markNotificationsRead(services.db, caller.userId, input);
  services.publisher.toUser(caller.userId, 'notification:read', {
    ...(input.ids ? { ids: input.ids } : {}),
    ...(input.upTo && !input.ids ? { upTo: input.upTo } : {}),
    at: new Date().toISOString(),
    unreadCount: result.unreadCount,
  });
  return json(result);
});
