import { randomUUID } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { buildUser, signedInContext } from './builders/users';

async function signUp(page: Page, role: 'Brand' | 'Influencer', name: string, email: string, password: string) {
  await page.goto('/sign-up');
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('textbox', { name: 'Name' }).fill(name);
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}

test('[ACCOUNTS]: a brand and an influencer sign up side by side, sign out and sign back in', async ({ browser }) => {
  const id = randomUUID().slice(0, 6);
  const brandCtx = await browser.newContext();
  const influencerCtx = await browser.newContext();
  const brand = await brandCtx.newPage();
  const influencer = await influencerCtx.newPage();

  await signUp(brand, 'Brand', `Acme ${id}`, `acme-${id}@e2e.test`, 'brand-password');
  await signUp(influencer, 'Influencer', `Maya ${id}`, `maya-${id}@e2e.test`, 'creator-password');

  const brandNav = brand.getByRole('navigation', { name: 'Main' });
  await expect(brandNav.getByRole('link', { name: 'Influencers' })).toBeVisible();
  await expect(brandNav.getByRole('link', { name: 'Inbox' })).toBeVisible();
  await expect(brandNav.getByRole('link', { name: 'Requests' })).toBeVisible();
  await expect(brand.getByText(`Acme ${id}`)).toBeVisible();

  const influencerNav = influencer.getByRole('navigation', { name: 'Main' });
  await expect(influencerNav.getByRole('link', { name: 'Inbox' })).toBeVisible();
  await expect(influencerNav.getByRole('link', { name: 'Influencers' })).toHaveCount(0);
  await expect(influencer.getByText(`Maya ${id}`)).toBeVisible();

  await influencer.getByRole('button', { name: 'Sign out' }).click();
  await expect(influencer).toHaveURL(/\/sign-in/);
  await influencer.goto('/inbox');
  await expect(influencer).toHaveURL(/\/sign-in/);

  await influencer.getByRole('textbox', { name: 'Email' }).fill(`maya-${id}@e2e.test`);
  await influencer.getByRole('textbox', { name: 'Password' }).fill('wrong-password');
  await influencer.getByRole('button', { name: 'Sign in' }).click();
  await expect(influencer.getByRole('alert').filter({ hasText: 'Email or password is incorrect' })).toBeVisible();

  await influencer.getByRole('textbox', { name: 'Password' }).fill('creator-password');
  await influencer.getByRole('button', { name: 'Sign in' }).click();
  await expect(influencer).toHaveURL(/\/inbox/);
  await expect(influencer.getByText(`Maya ${id}`)).toBeVisible();

  await brandCtx.close();
  await influencerCtx.close();
});

test('[ACCOUNTS]: sign-up shows inline errors and refuses a taken email', async ({ page, request }) => {
  const email = `taken-${randomUUID().slice(0, 6)}@e2e.test`;
  await request.post('/api/auth/register', { data: { email, password: 'longenough', name: 'First', role: 'brand' } });
  await page.goto('/sign-up');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Enter your name')).toBeVisible();
  await expect(page.getByText('Choose whether you are a brand or an influencer')).toBeVisible();
  await signUp(page, 'Brand', 'Second', email.toUpperCase(), 'longenough');
  await expect(page.getByText('An account with this email already exists')).toBeVisible();
});

test('[ACCOUNTS]: signing out everywhere from one browser ends the session in the other, live', async ({ browser, request }) => {
  const user = await buildUser(request, 'influencer');
  const laptop = await signedInContext(browser, user);
  const phone = await signedInContext(browser, user);
  await phone.page.goto('/inbox');
  await expect(phone.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await laptop.page.goto('/settings');

  // Asked first; Escape backs out and gives the focus back.
  const open = laptop.page.getByRole('button', { name: 'Sign out everywhere', exact: true });
  await open.click();
  const question = laptop.page.getByRole('group', { name: /Sign out of every browser and app now/ });
  await expect(question.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await laptop.page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(open).toBeFocused();
  await open.click();
  await laptop.page.screenshot({ path: test.info().outputPath('sign-out-everywhere.png') });
  await question.getByRole('button', { name: 'Yes, sign out everywhere' }).click();

  await expect(laptop.page).toHaveURL(/\/sign-in\?session=everywhere/);
  await expect(laptop.page.getByRole('status').filter({ hasText: 'You are signed out on every browser and app.' })).toBeVisible();
  // The other browser is told by its live connection, without reloading.
  await expect(phone.page).toHaveURL(/\/sign-in\?session=ended/);
  await expect(phone.page.getByRole('status').filter({ hasText: 'Your session has ended' })).toBeVisible();
  // Its old cookie opens nothing; signing in again does.
  await phone.page.goto('/inbox');
  await expect(phone.page).toHaveURL(/\/sign-in/);
  await phone.page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await phone.page.getByRole('textbox', { name: 'Password' }).fill(user.password);
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.page).toHaveURL(/\/inbox/);
  expect((await request.get('/api/users/me', { headers: { authorization: `Bearer ${user.token}` } })).status()).toBe(401);

  await laptop.context.close();
  await phone.context.close();
});

test('[ACCOUNTS]: changing the password keeps this browser signed in and signs the other out', async ({ browser, request }) => {
  const user = await buildUser(request, 'brand');
  const laptop = await signedInContext(browser, user);
  const phone = await signedInContext(browser, user);
  await phone.page.goto('/inbox');
  await expect(phone.page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await laptop.page.goto('/settings');
  // A second tab of the same browser: it shares the cookie the change replaces.
  const laptopTab = await laptop.context.newPage();
  await laptopTab.goto('/inbox');
  await expect(laptopTab.getByRole('navigation', { name: 'Main' })).toBeVisible();
  const form = laptop.page.getByRole('form', { name: 'Password' });

  await form.getByLabel('Current password').fill('not-my-password');
  await form.getByLabel('New password').fill('a-brand-new-secret');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('Your current password is not right')).toBeVisible();

  await form.getByLabel('Current password').fill(user.password);
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('status')).toHaveText('Password changed. Every other browser and app was signed out.');
  await form.screenshot({ path: test.info().outputPath('change-password.png') });
  await expect(phone.page).toHaveURL(/\/sign-in\?session=ended/);

  // This browser carries on, live: no banner, and its pages open.
  await laptop.page.waitForTimeout(2500);
  await expect(laptop.page).toHaveURL(/\/settings/);
  await expect(laptop.page.getByText('Live connection lost')).toHaveCount(0);
  await laptop.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Inbox' }).click();
  await expect(laptop.page).toHaveURL(/\/inbox/);
  await expect(laptopTab).toHaveURL(/\/inbox/);
  await expect(laptopTab.getByText('Live connection lost')).toHaveCount(0);

  await phone.page.getByRole('textbox', { name: 'Email' }).fill(user.email);
  await phone.page.getByRole('textbox', { name: 'Password' }).fill(user.password);
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.page.getByRole('alert').filter({ hasText: 'Email or password is incorrect' })).toBeVisible();
  await phone.page.getByRole('textbox', { name: 'Password' }).fill('a-brand-new-secret');
  await phone.page.getByRole('button', { name: 'Sign in' }).click();
  await expect(phone.page).toHaveURL(/\/inbox/);

  await laptop.context.close();
  await phone.context.close();
});
