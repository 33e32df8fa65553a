import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { attachments, conversationMembers, messages, type AttachmentRow } from '../../db/schema';
import { AppError } from '../errors';
import type { UploadStorage } from './storage';

/**
 * An upload's bytes for its uploader or a participant of a conversation whose messages
 * reference it; everyone else gets `not_found`, so ids reveal nothing.
 */
export async function readUpload(db: Db, storage: UploadStorage, userId: string, attachmentId: string): Promise<{ row: AttachmentRow; bytes: Buffer }> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, attachmentId));
  if (!row) throw new AppError('not_found', 'No such file');
  if (row.ownerId !== userId) {
    const [shared] = await db
      .select({ id: messages.id })
      .from(messages)
      .innerJoin(conversationMembers, and(eq(conversationMembers.conversationId, messages.conversationId), eq(conversationMembers.userId, userId)))
      .where(eq(messages.attachmentId, attachmentId))
      .limit(1);
    if (!shared) throw new AppError('not_found', 'No such file');
  }
  return { row, bytes: await storage.get(row.storageKey) };
}
