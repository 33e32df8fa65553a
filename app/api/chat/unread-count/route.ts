import { countUnread } from '@/lib/chat/count-unread';
import { authedRoute, json } from '@/lib/server/route';

export const GET = authedRoute(async ({ services, caller }) => json(await countUnread(services.db, caller.userId)));
