import { notFound } from 'next/navigation';
import { ConversationView } from '@/components/chat/conversation-view';
import { requireUser } from '@/lib/auth/current-user';
import { getConversation } from '@/lib/chat/conversation-views';
import { listMessages } from '@/lib/chat/list-messages';
import { ZUuid } from '@/lib/contracts/common';
import { getServices } from '@/lib/services';

export const metadata = { title: 'Conversation' };

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const user = await requireUser();
  const { conversationId } = await params;
  if (!ZUuid.safeParse(conversationId).success) notFound();
  const { db } = getServices();
  const conversation = await getConversation(db, user.id, conversationId);
  if (!conversation) notFound();
  const initial = await listMessages(db, user.id, conversationId, { limit: 50 });
  return <ConversationView key={conversationId} me={user} conversation={conversation} initial={initial} />;
}
