import { expect, test, type APIRequestContext } from '@playwright/test';
import { buildConversation } from './builders/conversation';
import { buildUser, signedInContext, type E2EUser } from './builders/users';

async function post(request: APIRequestContext, user: E2EUser, conversationId: string, content: string) {
  for (;;) {
    const res = await request.post('/api/chat/messages', { headers: { authorization: `Bearer ${user.token}` }, data: { conversationId, content } });
    if (res.status() !== 429) return expect(res.status()).toBe(201);
    // The send rate applies to scripts too: wait as told.
    await new Promise((r) => setTimeout(r, Number(res.headers()['retry-after'] ?? 1) * 1000));
  }
}

test('[CHAT]: older history loads on the way up, new messages raise a pill instead of yanking the reader, status changes reach the other side', async ({ browser, request }) => {
  const brand = await buildUser(request, 'brand', 'Northwind Outfitters');
  const influencer = await buildUser(request, 'influencer', 'Maya Chen');
  const conversationId = await buildConversation(request, brand, influencer);
  for (let n = 1; n <= 70; n++) await post(request, brand, conversationId, `Update number ${n}`);

  const i = await signedInContext(browser, influencer);
  const b = await signedInContext(browser, brand);
  await i.page.goto(`/inbox/${conversationId}`);
  await b.page.goto(`/inbox/${conversationId}`);
  const log = i.page.getByRole('log', { name: 'Messages' });
  await expect(log.getByText('Update number 70', { exact: true })).toBeVisible();
  await expect(log.getByText('Update number 1', { exact: true })).toHaveCount(0);

  // Scrolling to the top pages back through history, keeping the reader's place.
  await expect(async () => {
    await log.evaluate((el) => el.scrollTo(0, 0));
    await expect(log.getByText('Update number 1', { exact: true })).toBeAttached({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(log.getByText('This is the start of your conversation.')).toBeAttached();

  // Scrolled up, a new message does not move the view: a pill offers to jump.
  await log.evaluate((el) => el.scrollTo(0, 0));
  await b.page.getByRole('textbox', { name: 'Message' }).fill('Fresh news');
  await b.page.getByRole('button', { name: 'Send' }).click();
  const pill = i.page.getByRole('button', { name: /1 new message/ });
  await expect(pill).toBeVisible();
  await pill.click();
  await expect(log.getByText('Fresh news')).toBeInViewport();

  // Away, then appear offline: the brand's header follows.
  const presence = b.page.getByTestId('presence');
  await expect(presence).toHaveText('Online');
  await i.page.getByLabel('Your status').selectOption('away');
  await expect(presence).toHaveText('Away');
  await i.page.getByLabel('Your status').selectOption('offline');
  await expect(presence).toHaveText('Offline');
  await i.page.getByLabel('Your status').selectOption('online');
  await expect(presence).toHaveText('Online');
  await i.context.close();
  await b.context.close();
});
