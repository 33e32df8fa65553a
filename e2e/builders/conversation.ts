import type { APIRequestContext } from '@playwright/test';
import type { E2EUser } from './users';

/** A brand's request accepted by the influencer: returns the conversation it opened. */
export async function buildConversation(request: APIRequestContext, brand: E2EUser, influencer: E2EUser): Promise<string> {
  const created = await request.post('/api/requests', {
    headers: { authorization: `Bearer ${brand.token}` },
    data: { influencerId: influencer.id, title: 'Autumn lookbook', brief: 'Two reels and a story', budget: { amount: 120_000, currency: 'EUR' } },
  });
  if (created.status() !== 201) throw new Error(`request ${created.status()}: ${await created.text()}`);
  const { request: req } = (await created.json()) as { request: { id: string } };
  const accepted = await request.post(`/api/requests/${req.id}/accept`, { headers: { authorization: `Bearer ${influencer.token}` }, data: {} });
  if (accepted.status() !== 200) throw new Error(`accept ${accepted.status()}: ${await accepted.text()}`);
  const { conversation } = (await accepted.json()) as { conversation: { id: string } };
  return conversation.id;
}
