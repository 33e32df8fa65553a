import { z } from 'zod';
import { markRead } from '@/lib/chat/mark-read';
import { pathId } from '@/lib/server/path-id';
import { authedRoute, json, readJson } from '@/lib/server/route';

const ZReadBody = z.object({ messageId: z.number().int().positive().optional() });

export const PUT = authedRoute(async ({ req, services, caller, params }) => {
  const conversationId = pathId(params);
  const { messageId } = await readJson(req, ZReadBody);
  const result = await markRead(services.db, caller.userId, conversationId, messageId);
  const receipt = { conversationId, messageId: result.messageId, lastReadSeq: result.lastReadSeq };
  services.publisher.toUser(caller.userId, 'message:read:success', receipt);
  if (result.advanced) {
    services.publisher.toUser(result.otherId, 'message:read', { ...receipt, readBy: { userId: caller.userId, userType: caller.role } });
  }
  return json(receipt);
});
