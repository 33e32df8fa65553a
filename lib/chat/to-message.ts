import type { AttachmentRow, MessageRow, UserRow } from '../../db/schema';
import type { Message } from '../contracts/chat';
import { toPublicUser } from '../users/to-public-user';

export const attachmentUrl = (attachmentId: string) => `/api/uploads/${attachmentId}`;

/** The wire shape of a stored message. `otherLastReadSeq` is the recipient's read pointer. */
export function toMessage(
  row: MessageRow,
  sender: Pick<UserRow, 'id' | 'name' | 'role' | 'handle' | 'avatarUrl' | 'bio'>,
  attachment: Pick<AttachmentRow, 'id' | 'name' | 'size' | 'mime'> | null,
  otherLastReadSeq: number,
): Message {
  return {
    id: row.id,
    seq: row.seq,
    conversationId: row.conversationId,
    sender: toPublicUser(sender),
    senderType: sender.role,
    messageType: row.type,
    content: row.content,
    tempId: row.clientId,
    attachmentUrl: attachment ? attachmentUrl(attachment.id) : null,
    attachmentName: attachment?.name ?? null,
    attachmentSize: attachment?.size ?? null,
    attachmentMime: attachment?.mime ?? null,
    isRead: row.seq <= otherLastReadSeq,
    createdAt: row.createdAt.toISOString(),
  };
}
