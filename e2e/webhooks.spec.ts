import { createHmac, randomInt } from 'node:crypto';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { buildUser, signedInContext } from './builders/users';

/** The secret playwright.config.ts starts the server with. */
const APP_SECRET = 'e2e-app-secret';

const metaId = () => `1784${Date.now().toString().slice(-8)}${randomInt(10_000, 99_999)}`;

async function sendComment(request: APIRequestContext, accountId: string, text: string, username = 'fan.account') {
  const body = JSON.stringify({
    object: 'instagram',
    entry: [
      {
        id: accountId,
        time: Math.floor(Date.now() / 1000),
        changes: [{ field: 'comments', value: { from: { id: '9988776655', username }, media: { id: '17900000000000001' }, id: metaId(), text } }],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
  const res = await request.post('/api/webhooks/instagram', {
    data: body,
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
  });
  expect(res.status()).toBe(200);
}

test('[WEBHOOKS]: a signed Instagram comment raises the bell of its owner only, live', async ({ browser, request }) => {
  const owner = await buildUser(request, 'influencer');
  const other = await buildUser(request, 'influencer');
  const accountId = metaId();

  const { context: ownerCtx, page } = await signedInContext(browser, owner);
  const { context: otherCtx, page: otherPage } = await signedInContext(browser, other);

  // The owner links the account on the settings page.
  await page.goto('/inbox');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page).toHaveURL(/\/settings/);
  await page.getByRole('button', { name: 'Link account' }).click();
  await expect(page.getByText('Enter the Instagram account ID')).toBeVisible();
  await page.getByRole('textbox', { name: 'Instagram account ID' }).fill(accountId);
  await page.getByRole('textbox', { name: 'Username' }).fill('maya.creates');
  await page.getByRole('button', { name: 'Link account' }).click();
  await expect(page.getByText('@maya.creates', { exact: true })).toBeVisible();

  // Someone else cannot take it.
  await otherPage.goto('/settings');
  await otherPage.getByRole('textbox', { name: 'Instagram account ID' }).fill(accountId);
  await otherPage.getByRole('textbox', { name: 'Username' }).fill('thief');
  await otherPage.getByRole('button', { name: 'Link account' }).click();
  await expect(otherPage.getByText('already linked to another Collabwire user')).toBeVisible();

  await page.goto('/inbox');
  await otherPage.goto('/inbox');
  const bell = page.getByRole('button', { name: /^Notifications/ });
  await expect(bell).toHaveAccessibleName('Notifications');

  await sendComment(request, accountId, 'Obsessed with this collab!');
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await expect(bell).toContainText('1');

  await bell.click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  await expect(panel.getByText('@fan.account commented: “Obsessed with this collab!”')).toBeVisible();

  // The other influencer's open tab heard nothing.
  await expect(otherPage.getByRole('button', { name: /^Notifications/ })).toHaveAccessibleName('Notifications');

  await panel.getByRole('button', { name: 'Mark all read' }).click();
  await expect(bell).toHaveAccessibleName('Notifications');

  // The count is right when the page is opened afresh.
  await sendComment(request, accountId, 'Second one', 'another.fan');
  await expect(bell).toHaveAccessibleName('Notifications, 1 unread');
  await page.reload();
  await expect(page.getByRole('button', { name: /^Notifications/ })).toHaveAccessibleName('Notifications, 1 unread');

  await ownerCtx.close();
  await otherCtx.close();
});
