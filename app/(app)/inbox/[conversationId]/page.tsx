import { notFound } from 'next/navigation';
import { ConversationView } from '@/components/chat/conversation-view';
import { requireUser } from '@/lib/auth/current-user';
import { readConversation, readHistoryPage } from '@/lib/chat/hot-reads';
import type { Conversation, Message } from '@/lib/contracts/chat';
import { ZUuid } from '@/lib/contracts/common';
import { getServices } from '@/lib/services';

export const metadata = { title: 'Conversation' };

export default async function ConversationPage({ params }: { params: Promise<{ conversationId: string }> }) {
  const user = await requireUser();
  const { conversationId } = await params;
  if (!ZUuid.safeParse(conversationId).success) notFound();
  // The same statements as the REST API, so first paint and later fetches agree.
  const { query } = getServices().database;
  const found = await readConversation(query, user.id, conversationId);
  if (!found) notFound();
  const { conversation } = JSON.parse(found) as { conversation: Conversation };
  const initial = JSON.parse(await readHistoryPage(query, user.id, conversationId, { limit: 50 })) as { messages: Message[]; hasMore: boolean };
  return <ConversationView key={conversationId} me={user} conversation={conversation} initial={initial} />;
}
