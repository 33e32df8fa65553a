import { expect, test, type Page } from '@playwright/test';
import { buildUser, signedInContext } from './builders/users';

const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

const requestCard = (page: Page, title: string) => page.getByRole('article').filter({ has: page.getByRole('heading', { name: title }) });
const requestsLink = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Requests/ });

test('[REQUESTS]: a brand sends, the influencer counters live, the brand accepts the counter live, both get the conversation', async ({ browser, request }) => {
  const brandUser = await buildUser(request, 'brand');
  const influencerUser = await buildUser(request, 'influencer');
  const brand = await signedInContext(browser, brandUser);
  const influencer = await signedInContext(browser, influencerUser);
  const title = `Autumn lookbook ${brandUser.id.slice(0, 6)}`;

  // The influencer keeps its requests page open the whole time: everything arrives live.
  await influencer.page.goto('/requests');
  await expect(influencer.page.getByText('No requests yet')).toBeVisible();

  await brand.page.goto('/influencers');
  await brand.page.getByRole('searchbox').fill(influencerUser.name);
  const card = brand.page.getByRole('article').filter({ has: brand.page.getByRole('heading', { name: influencerUser.name }) });
  await expect(card).toHaveCount(1);
  await card.getByRole('link', { name: 'Send request' }).click();

  // Inline validation refuses what the server would refuse.
  await brand.page.getByRole('button', { name: 'Send request' }).click();
  await expect(brand.page.getByText('Enter a title')).toBeVisible();

  await brand.page.getByRole('textbox', { name: 'Title' }).fill(title);
  await brand.page.getByRole('textbox', { name: 'Brief' }).fill('Three reels of the autumn range on a weekend hike.');
  await brand.page.getByRole('textbox', { name: 'Deliverable 1' }).fill('3 reels');
  await brand.page.getByLabel('Currency').selectOption('EUR');
  await brand.page.getByRole('textbox', { name: 'Budget' }).fill('1500');
  await brand.page.getByLabel('Deadline').fill(inDays(30));
  await brand.page.getByRole('button', { name: 'Send request' }).click();

  await expect(brand.page).toHaveURL(/\/requests$/);
  await expect(requestCard(brand.page, title)).toContainText('pending');
  await expect(requestCard(brand.page, title)).toContainText('€1,500.00');

  // Live on the influencer's open page, with the navigation badge and a toast.
  const incoming = requestCard(influencer.page, title);
  await expect(incoming).toContainText('pending');
  await expect(incoming.getByRole('button', { name: 'Accept' })).toBeVisible();
  await expect(incoming.getByRole('button', { name: 'Reject' })).toBeVisible();
  await expect(requestsLink(influencer.page)).toContainText('1');
  await expect(influencer.page.getByRole('status').filter({ hasText: `New request from ${brandUser.name}` })).toBeVisible();

  await incoming.getByRole('button', { name: 'Counter' }).click();
  await incoming.getByRole('textbox', { name: 'Budget' }).fill('1750.50');
  await incoming.getByRole('textbox', { name: 'Note' }).fill('Three reels need an extra shoot day.');
  await incoming.getByRole('button', { name: 'Send counter' }).click();
  await expect(incoming).toContainText('countered');
  await expect(requestsLink(influencer.page)).not.toContainText('1');

  // The brand sees the counter without reloading, and it now waits for the brand.
  const outgoing = requestCard(brand.page, title);
  await expect(outgoing).toContainText('countered');
  await expect(outgoing).toContainText('€1,750.50');
  await expect(outgoing).toContainText('Three reels need an extra shoot day.');
  await expect(requestsLink(brand.page)).toContainText('1');
  await outgoing.getByRole('button', { name: 'Accept counter' }).click();
  await expect(outgoing).toContainText('accepted');
  await expect(requestsLink(brand.page)).not.toContainText('1');

  await expect(incoming).toContainText('accepted');
  await expect(influencer.page.getByRole('status').filter({ hasText: `${brandUser.name} accepted` })).toBeVisible();
  const openLink = incoming.getByRole('link', { name: 'Open conversation' });
  await expect(openLink).toHaveAttribute('href', /^\/inbox\/[0-9a-f-]{36}$/);
  const conversationId = (await openLink.getAttribute('href'))!.split('/').pop();

  // Both find the conversation, opened with the agreed terms: over the API and in the inbox.
  for (const [side, other] of [
    [brand, influencerUser],
    [influencer, brandUser],
  ] as const) {
    const res = await side.context.request.get('/api/chat/conversations');
    expect(res.status()).toBe(200);
    const { conversations } = (await res.json()) as { conversations: { id: string; otherParticipant: { name: string }; lastMessage: { messageType: string; content: string } | null }[] };
    const conversation = conversations.find((c) => c.id === conversationId);
    expect(conversation?.otherParticipant.name).toBe(other.name);
    expect(conversation?.lastMessage?.messageType).toBe('system');
    expect(conversation?.lastMessage?.content).toContain(title);
    expect(conversation?.lastMessage?.content).toContain('€1,750.50');
    await side.page.goto('/inbox');
    await expect(side.page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: other.name })).toHaveAttribute(
      'href',
      `/inbox/${conversationId}`,
    );
  }

  await brand.context.close();
  await influencer.context.close();
});

test('[REQUESTS]: a brand withdraws and the influencer’s badge and card follow live; a reload keeps the state', async ({ browser, request }) => {
  const brandUser = await buildUser(request, 'brand');
  const influencerUser = await buildUser(request, 'influencer');
  const title = `Winter teaser ${brandUser.id.slice(0, 6)}`;
  const created = await request.post('/api/requests', {
    headers: { authorization: `Bearer ${brandUser.token}` },
    data: { influencerId: influencerUser.id, title, brief: 'One story.', budget: { amount: 30000, currency: 'JPY' } },
  });
  expect(created.status()).toBe(201);

  const influencer = await signedInContext(browser, influencerUser);
  await influencer.page.goto('/requests');
  const card = requestCard(influencer.page, title);
  await expect(card).toContainText('pending');
  await expect(card).toContainText('¥30,000');
  await expect(requestsLink(influencer.page)).toContainText('1');

  const brand = await signedInContext(browser, brandUser);
  await brand.page.goto('/requests');
  await requestCard(brand.page, title).getByRole('button', { name: 'Withdraw' }).click();
  await expect(requestCard(brand.page, title)).toContainText('withdrawn');

  await expect(card).toContainText('withdrawn');
  await expect(card.getByRole('button', { name: 'Accept' })).toHaveCount(0);
  await expect(requestsLink(influencer.page)).not.toContainText('1');
  await influencer.page.reload();
  await expect(requestCard(influencer.page, title)).toContainText('withdrawn');

  await brand.context.close();
  await influencer.context.close();
});
