import { expect, test } from '@playwright/test';
import { buildUser, signedInContext } from './builders/users';

const BRAND_NAME = '<img src=x onerror="window.__pwned=1">Acme';
const INFLUENCER_NAME = '<script>window.__pwned=2</script>Maya';
const BRIEF = 'Two reels <img src=x onerror="window.__pwned=3"> and <b>bold?</b>';
const MESSAGE = '<svg onload="window.__pwned=4"></svg><i>hi</i>';

const pwned = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);

test('[SECURITY]: markup in names, request briefs and messages renders as text and never runs, under a CSP that reports no violation', async ({ browser, request }) => {
  const brand = await buildUser(request, 'brand', BRAND_NAME);
  const influencer = await buildUser(request, 'influencer', INFLUENCER_NAME);
  const created = await request.post('/api/requests', {
    headers: { authorization: `Bearer ${brand.token}` },
    data: { influencerId: influencer.id, title: 'Markup <u>title</u>', brief: BRIEF, budget: { amount: 100, currency: 'EUR' } },
  });
  expect(created.status()).toBe(201);
  const { request: req } = (await created.json()) as { request: { id: string } };

  const i = await signedInContext(browser, influencer);
  const violations: string[] = [];
  i.page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await i.page.goto('/requests');
  await expect(i.page.getByText(BRIEF)).toBeVisible();
  await expect(i.page.getByRole('heading', { name: 'Markup <u>title</u>' })).toBeVisible();
  await expect(i.page.getByText(BRAND_NAME).first()).toBeVisible();
  await expect(i.page.locator('main u, main b, main img[src="x"]')).toHaveCount(0);

  const accepted = await request.post(`/api/requests/${req.id}/accept`, { headers: { authorization: `Bearer ${influencer.token}` }, data: {} });
  const { conversation } = (await accepted.json()) as { conversation: { id: string } };
  const sent = await request.post('/api/chat/messages', { headers: { authorization: `Bearer ${brand.token}` }, data: { conversationId: conversation.id, content: MESSAGE } });
  expect(sent.status()).toBe(201);

  await i.page.goto(`/inbox/${conversation.id}`);
  const log = i.page.getByRole('log', { name: 'Messages' });
  await expect(log.getByText(MESSAGE)).toBeVisible();
  await expect(log.locator('svg[onload], i')).toHaveCount(0);

  const b = await signedInContext(browser, brand);
  await b.page.goto('/inbox');
  await expect(b.page.getByRole('link', { name: new RegExp(INFLUENCER_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })).toBeVisible();
  await b.page.goto(`/inbox/${conversation.id}`);
  await expect(b.page.getByRole('log', { name: 'Messages' }).getByText(MESSAGE)).toBeVisible();

  // The app's own scripts run under the nonce CSP: a reply typed in one browser arrives live in the other.
  await i.page.getByRole('textbox', { name: 'Message' }).fill('scripts run');
  await i.page.getByRole('textbox', { name: 'Message' }).press('Enter');
  await expect(b.page.getByRole('log', { name: 'Messages' }).getByText('scripts run')).toBeVisible();

  expect(await pwned(i.page)).toBeUndefined();
  expect(await pwned(b.page)).toBeUndefined();
  // Nothing the app does trips its own policy.
  expect(violations).toEqual([]);
  await i.context.close();
  await b.context.close();
});
