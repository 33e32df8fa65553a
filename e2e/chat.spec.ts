import { expect, test, type Page } from '@playwright/test';
import { buildConversation } from './builders/conversation';
import { buildUser, signedInContext } from './builders/users';

const log = (page: Page) => page.getByRole('log', { name: 'Messages' });
const presence = (page: Page) => page.getByTestId('presence');

async function send(page: Page, text: string) {
  await page.getByRole('textbox', { name: 'Message' }).fill(text);
  await page.getByRole('textbox', { name: 'Message' }).press('Enter');
}

test('[CHAT]: a brand and an influencer chat live, see typing, presence and read receipts', async ({ browser, request }) => {
  const brand = await buildUser(request, 'brand', 'Northwind Outfitters');
  const influencer = await buildUser(request, 'influencer', 'Maya Chen');
  const conversationId = await buildConversation(request, brand, influencer);
  const b = await signedInContext(browser, brand);
  const i = await signedInContext(browser, influencer);

  await b.page.goto(`/inbox/${conversationId}`);
  await i.page.goto('/inbox');
  // The influencer's inbox lists the brand by name.
  const link = i.page.getByRole('link', { name: /Northwind Outfitters/ });
  await expect(link).toBeVisible();

  await send(b.page, 'Hi Maya! Ready for the lookbook?');
  await expect(log(b.page).getByText('Hi Maya! Ready for the lookbook?')).toBeVisible();
  // Unread count shows in the influencer's list before she opens it.
  await expect(link).toContainText('1');

  await link.click();
  await expect(log(i.page).getByText('Hi Maya! Ready for the lookbook?')).toBeVisible();
  await expect(presence(i.page)).toHaveText('Online');
  await expect(presence(b.page)).toHaveText('Online');
  // She has read it: the brand sees "Read".
  await expect(log(b.page).getByText('Read', { exact: true })).toBeVisible();

  await i.page.getByRole('textbox', { name: 'Message' }).fill('Absolutely');
  await expect(b.page.getByText('Maya Chen is typing…')).toBeVisible();
  await i.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(log(b.page).getByText('Absolutely')).toBeVisible();
  await expect(b.page.getByText('Maya Chen is typing…')).toBeHidden();

  // Markup is text, never HTML.
  await send(b.page, '<img src=x onerror="window.__pwned=1"><b>bold?</b>');
  await expect(log(i.page).getByText('<img src=x onerror="window.__pwned=1"><b>bold?</b>')).toBeVisible();
  expect(await i.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(log(i.page).locator('b')).toHaveCount(0);

  // Shift+Enter makes a new line instead of sending.
  await i.page.getByRole('textbox', { name: 'Message' }).fill('line one');
  await i.page.getByRole('textbox', { name: 'Message' }).press('Shift+Enter');
  await i.page.getByRole('textbox', { name: 'Message' }).pressSequentially('line two');
  await i.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(log(b.page).getByText(/line one\s+line two/)).toBeVisible();

  // Closing her only tab takes her offline for the brand.
  await i.context.close();
  await expect(presence(b.page)).toHaveText('Offline');
  await b.context.close();
});

test('[CHAT]: offline messages are delivered exactly once and the other side catches up without duplicates', async ({ browser, request }) => {
  const brand = await buildUser(request, 'brand');
  const influencer = await buildUser(request, 'influencer');
  const conversationId = await buildConversation(request, brand, influencer);
  const b = await signedInContext(browser, brand);
  const i = await signedInContext(browser, influencer);
  await b.page.goto(`/inbox/${conversationId}`);
  await i.page.goto(`/inbox/${conversationId}`);
  await expect(presence(b.page)).toHaveText('Online');

  // The influencer drops off the network; the banner says so.
  await i.context.setOffline(true);
  await expect(i.page.getByText(/Live connection lost/)).toBeVisible({ timeout: 30_000 });

  // She writes while offline: the message waits as "Sending…".
  await send(i.page, 'Written on the train');
  await expect(log(i.page).getByText('Sending…')).toBeVisible();
  // Meanwhile the brand writes twice.
  await send(b.page, 'First while you were away');
  await send(b.page, 'Second while you were away');

  await i.context.setOffline(false);
  await expect(i.page.getByText(/Live connection lost/)).toBeHidden({ timeout: 30_000 });
  await expect(log(i.page).getByText('Second while you were away')).toBeVisible();
  await expect(log(b.page).getByText('Written on the train')).toBeVisible();

  // Exactly once on both sides, in order, even after a reload.
  for (const page of [i.page, b.page]) {
    await page.reload();
    await expect(log(page).getByText('Written on the train')).toHaveCount(1);
    await expect(log(page).getByText('First while you were away')).toHaveCount(1);
    await expect(log(page).getByText('Second while you were away')).toHaveCount(1);
  }
  const text = await log(b.page).innerText();
  expect(text.indexOf('First while you were away')).toBeLessThan(text.indexOf('Second while you were away'));
  const api = await request.get(`/api/chat/conversations/${conversationId}/messages`, { headers: { authorization: `Bearer ${brand.token}` } });
  const { messages } = (await api.json()) as { messages: { content: string; seq: number }[] };
  expect(messages.filter((m) => m.content === 'Written on the train')).toHaveLength(1);
  expect(messages.map((m) => m.seq)).toEqual(messages.map((_, n) => n + 1));
  await b.context.close();
  await i.context.close();
});

test('[CHAT]: hiding a conversation takes it out of every tab of mine, not out of the other side’s, until a new message', async ({ browser, request }) => {
  const brand = await buildUser(request, 'brand', 'Lumen Skincare');
  const influencer = await buildUser(request, 'influencer', 'Ines Duarte');
  const conversationId = await buildConversation(request, brand, influencer);
  const b = await signedInContext(browser, brand);
  const i = await signedInContext(browser, influencer);
  const secondTab = await i.context.newPage();
  const inboxBadge = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbox/ });
  const listed = (page: Page, name: string) => page.getByRole('list', { name: 'Conversations' }).getByRole('link', { name: new RegExp(name) });

  await b.page.goto(`/inbox/${conversationId}`);
  await send(b.page, 'Samples ship Monday');
  await i.page.goto(`/inbox/${conversationId}`);
  await expect(log(i.page).getByText('Samples ship Monday')).toBeVisible();
  await secondTab.goto('/inbox');
  await expect(listed(secondTab, 'Lumen Skincare')).toBeVisible();

  // Asked first; Escape backs out and nothing changes.
  await i.page.getByRole('button', { name: 'Hide conversation' }).click();
  const prompt = i.page.getByRole('group', { name: 'Hide this conversation?' });
  await expect(prompt).toContainText('Lumen Skincare keeps every message');
  // The safe answer has the focus: Enter pressed twice does not hide.
  await expect(prompt.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await i.page.keyboard.press('Escape');
  await expect(prompt).toBeHidden();
  await expect(i.page.getByRole('button', { name: 'Hide conversation' })).toBeFocused();
  await i.page.getByRole('button', { name: 'Hide conversation' }).click();
  await log(i.page).click();
  await expect(prompt).toBeHidden();
  await i.page.getByRole('button', { name: 'Hide conversation' }).click();
  await i.page.screenshot({ path: 'test-results/hide-conversation-prompt.png' });
  await prompt.getByRole('button', { name: 'Hide', exact: true }).click();

  // Gone from this tab (back to the inbox) and, live, from the other tab; the brand keeps it.
  await expect(i.page).toHaveURL(/\/inbox$/);
  await expect(listed(i.page, 'Lumen Skincare')).toBeHidden();
  await expect(listed(secondTab, 'Lumen Skincare')).toBeHidden();
  await expect(i.page.getByText(/No conversations to show/)).toBeVisible();
  await expect(listed(b.page, 'Ines Duarte')).toBeVisible();

  // A reload still leaves it out.
  await secondTab.reload();
  await expect(secondTab.getByText(/No conversations yet/)).toBeVisible();

  // A new message brings it back to both tabs, unread.
  await send(b.page, 'Did the samples arrive?');
  await expect(listed(i.page, 'Lumen Skincare')).toContainText('Did the samples arrive?');
  await expect(listed(secondTab, 'Lumen Skincare')).toContainText('1 unread');
  await expect(inboxBadge(secondTab)).toContainText('1');
  await b.context.close();
  await i.context.close();
});
