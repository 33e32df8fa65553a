import { randomUUID } from 'node:crypto';
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';

export type E2EUser = { id: string; name: string; email: string; password: string; role: 'brand' | 'influencer'; token: string };

/** Registers a unique user through the API. */
export async function buildUser(request: APIRequestContext, role: 'brand' | 'influencer', name?: string): Promise<E2EUser> {
  const id = randomUUID().slice(0, 8);
  const user = {
    name: name ?? `${role === 'brand' ? 'Brand' : 'Creator'} ${id}`,
    email: `${role}-${id}@e2e.test`,
    password: `pw-${id}-secret`,
    role,
  };
  const reg = await request.post('/api/auth/register', { data: user });
  if (reg.status() !== 201) throw new Error(`register ${reg.status()}: ${await reg.text()}`);
  const { user: created } = (await reg.json()) as { user: { id: string } };
  const tok = await request.post('/api/auth/token', { data: { email: user.email, password: user.password } });
  const { token } = (await tok.json()) as { token: string };
  return { ...user, id: created.id, token };
}

/** A browser context signed in as `user` through next-auth's API, without clicking the form. */
export async function signedInContext(browser: Browser, user: E2EUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const csrf = await context.request.get('/api/auth/csrf');
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await context.request.post('/api/auth/callback/credentials', {
    form: { csrfToken, email: user.email, password: user.password, json: 'true' },
  });
  if (!res.ok()) throw new Error(`sign-in ${res.status()}`);
  const page = await context.newPage();
  return { context, page };
}
