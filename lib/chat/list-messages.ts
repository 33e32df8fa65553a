import { and, asc, desc, eq, gt, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { attachments, conversationMembers, messages, users, type MessageRow } from '../../db/schema';
import type { Message } from '../contracts/chat';
import { findMembership } from './find-membership';
import { toMessage } from './to-message';

export type HistoryQuery = { beforeSeq?: number | undefined; afterSeq?: number | undefined; limit: number };

/**
 * A page of history in ascending seq. Default: the latest `limit`. `beforeSeq` pages back,
 * `afterSeq` catches up; `hasMore` says whether more lie further in that direction.
 */
export async function listMessages(
  db: DbOrTx,
  userId: string,
  conversationId: string,
  query: HistoryQuery,
): Promise<{ messages: Message[]; hasMore: boolean }> {
  await findMembership(db, userId, conversationId);
  const forward = query.afterSeq !== undefined;
  const where = and(
    eq(messages.conversationId, conversationId),
    query.beforeSeq !== undefined ? lt(messages.seq, query.beforeSeq) : undefined,
    forward ? gt(messages.seq, query.afterSeq!) : undefined,
  );
  const rows = await db
    .select()
    .from(messages)
    .where(where)
    .orderBy(forward ? asc(messages.seq) : desc(messages.seq))
    .limit(query.limit + 1);
  const hasMore = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (!forward) page.reverse();
  return { messages: await loadMessages(db, conversationId, page), hasMore };
}

/** Turns stored rows of one conversation into wire messages (senders, attachments, read state). */
export async function loadMessages(db: DbOrTx, conversationId: string, rows: MessageRow[]): Promise<Message[]> {
  if (rows.length === 0) return [];
  const members = await db
    .select({ user: users, lastReadSeq: conversationMembers.lastReadSeq })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(eq(conversationMembers.conversationId, conversationId));
  const byId = new Map(members.map((m) => [m.user.id, m]));
  const attachmentIds = rows.map((r) => r.attachmentId).filter((id): id is string => id !== null);
  const files = attachmentIds.length
    ? await db
        .select({ id: attachments.id, name: attachments.name, size: attachments.size, mime: attachments.mime })
        .from(attachments)
        .where(inArray(attachments.id, attachmentIds))
    : [];
  const fileById = new Map(files.map((f) => [f.id, f]));
  return rows.map((row) => {
    const sender = byId.get(row.senderId)!;
    const recipient = members.find((m) => m.user.id !== row.senderId);
    return toMessage(row, sender.user, row.attachmentId ? (fileById.get(row.attachmentId) ?? null) : null, recipient?.lastReadSeq ?? 0);
  });
}
