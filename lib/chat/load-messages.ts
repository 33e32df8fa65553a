import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db';
import { attachments, conversationMembers, messages, users, type MessageRow } from '../../db/schema';
import type { Message } from '../contracts/chat';
import { toMessage } from './to-message';

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
