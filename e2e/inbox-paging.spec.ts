import { expect, test, type Page } from '@playwright/test';
import { buildConversation } from './builders/conversation';
import { buildUser, signedInContext, type E2EUser } from './builders/users';

const PAGE = 50;

const conversationLinks = (page: Page) => page.getByRole('list', { name: 'Conversations' }).getByRole('link');

async function unreadTotal(page: Page): Promise<number> {
  const text = await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbox/ }).innerText();
  return Number(/(\d+)/.exec(text)?.[1] ?? 0);
}

test('[CHAT]: a long inbox loads a page at a time; a message in a conversation not loaded yet brings it to the top and counts in the badge', async ({ browser, request }) => {
  test.setTimeout(120_000);
  // Each brand sends one request (their own request budget), the influencer accepts them all:
  // the first accepted is the oldest activity, so it lands beyond the first page.
  const influencer = await buildUser(request, 'influencer', 'Maya Chen');
  const brands: E2EUser[] = [];
  const conversations: string[] = [];
  for (let n = 0; n < PAGE + 5; n++) {
    const brand = await buildUser(request, 'brand', `Studio ${String(n).padStart(2, '0')}`);
    brands.push(brand);
    conversations.push(await buildConversation(request, brand, influencer));
  }

  const i = await signedInContext(browser, influencer);
  await i.page.goto('/inbox');
  await expect(conversationLinks(i.page)).toHaveCount(PAGE);
  await expect(i.page.getByRole('link', { name: /Studio 54/ })).toBeVisible();
  await expect(i.page.getByRole('link', { name: /Studio 00/ })).toHaveCount(0);
  const more = i.page.getByRole('button', { name: 'Load more conversations' });
  await expect(more).toBeAttached();

  // Studio 00 (not loaded) writes: its conversation comes to the top, unread, and the badge counts it.
  const before = await unreadTotal(i.page);
  const sent = await request.post('/api/chat/messages', {
    headers: { authorization: `Bearer ${brands[0]!.token}` },
    data: { conversationId: conversations[0], content: 'Are you still up for the shoot?' },
  });
  expect(sent.status()).toBe(201);
  const top = conversationLinks(i.page).first();
  await expect(top).toContainText('Studio 00');
  await expect(top).toContainText('Are you still up for the shoot?');
  await expect.poll(() => unreadTotal(i.page)).toBe(before + 1);

  // Scrolling to the end of the list loads the rest, each conversation once.
  await expect(async () => {
    // The button goes away once the last page is in; a tall window may load on its own.
    if (await more.count()) await more.scrollIntoViewIfNeeded({ timeout: 1000 });
    await expect(conversationLinks(i.page)).toHaveCount(PAGE + 5, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(more).toHaveCount(0);
  for (const name of ['Studio 01', 'Studio 04', 'Studio 49']) await expect(i.page.getByRole('link', { name: new RegExp(name) })).toHaveCount(1);

  // Opening it reads it: the badge goes back down.
  await top.click();
  await expect(i.page.getByRole('log', { name: 'Messages' }).getByText('Are you still up for the shoot?')).toBeVisible();
  await expect.poll(() => unreadTotal(i.page)).toBe(before);
  await i.context.close();
});
