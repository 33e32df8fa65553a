import { and, eq, ne, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db';
import { attachments, conversationMembers, conversations, messages, users, type MessageRow } from '../../db/schema';
import type { Conversation } from '../contracts/chat';
import { toPublicUser } from '../users/to-public-user';
import { toMessage } from './to-message';

const me = alias(conversationMembers, 'me');
const other = alias(conversationMembers, 'other');
const brand = alias(users, 'brand');
const influencer = alias(users, 'influencer');

function selectViews(db: DbOrTx, userId: string, where: SQL | undefined) {
  // The last message is looked up per conversation by (conversation_id, seq): as a lateral
  // join the planner probes the index for each row instead of hashing all messages, which
  // with a million messages stored is the difference between milliseconds and a second.
  const last = db
    .select()
    .from(messages)
    .where(and(eq(messages.conversationId, conversations.id), eq(messages.seq, conversations.lastSeq)))
    .limit(1)
    .as('last');
  return db
    .select({
      conversation: conversations,
      me: { lastReadSeq: me.lastReadSeq },
      other: { userId: other.userId, lastReadSeq: other.lastReadSeq },
      brand,
      influencer,
      last: {
        id: last.id,
        conversationId: last.conversationId,
        seq: last.seq,
        senderId: last.senderId,
        clientId: last.clientId,
        type: last.type,
        content: last.content,
        attachmentId: last.attachmentId,
        createdAt: last.createdAt,
        editedAt: last.editedAt,
        deletedAt: last.deletedAt,
      },
      attachment: { id: attachments.id, name: attachments.name, size: attachments.size, mime: attachments.mime },
    })
    .from(conversations)
    .innerJoin(me, and(eq(me.conversationId, conversations.id), eq(me.userId, userId)))
    .innerJoin(other, and(eq(other.conversationId, conversations.id), ne(other.userId, userId)))
    .innerJoin(brand, eq(brand.id, conversations.brandId))
    .innerJoin(influencer, eq(influencer.id, conversations.influencerId))
    .leftJoinLateral(last, sql`true`)
    .leftJoin(attachments, eq(attachments.id, last.attachmentId))
    .where(where);
}

type ViewRow = Awaited<ReturnType<typeof selectViews>>[number];

function toConversation(row: ViewRow, userId: string): Conversation {
  const participants: [ReturnType<typeof toPublicUser>, ReturnType<typeof toPublicUser>] = [
    toPublicUser(row.brand),
    toPublicUser(row.influencer),
  ];
  const last = row.last?.id ? (row.last as MessageRow) : null;
  const sender = last ? (last.senderId === row.brand.id ? row.brand : row.influencer) : null;
  const readPointerOfRecipient = last && last.senderId === userId ? row.other.lastReadSeq : row.me.lastReadSeq;
  return {
    id: row.conversation.id,
    participants,
    otherParticipant: row.brand.id === userId ? participants[1] : participants[0],
    lastMessage: last && sender ? toMessage(last, sender, row.attachment?.id ? row.attachment : null, readPointerOfRecipient) : null,
    // Every message after the read pointer is the other's: sending moves one's own pointer.
    unreadCount: Math.max(0, row.conversation.lastSeq - row.me.lastReadSeq),
    lastReadSeq: row.me.lastReadSeq,
    otherLastReadSeq: row.other.lastReadSeq,
    lastSeq: row.conversation.lastSeq,
    createdAt: row.conversation.createdAt.toISOString(),
    updatedAt: (row.conversation.lastMessageAt ?? row.conversation.updatedAt).toISOString(),
  };
}

/** One conversation as the caller sees it, or null when the caller is not a participant. */
export async function getConversation(db: DbOrTx, userId: string, conversationId: string): Promise<Conversation | null> {
  const [row] = await selectViews(db, userId, eq(conversations.id, conversationId)).limit(1);
  return row ? toConversation(row, userId) : null;
}
