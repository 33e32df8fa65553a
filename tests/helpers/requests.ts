import { eq } from 'drizzle-orm';
import { collaborationRequests } from '@/db/schema';
import type { CollaborationRequest } from '@/lib/contracts/requests';
import { api, type TestUser } from './clients';
import type { TestServer } from './test-server';

/** A date `days` from today (UTC) as YYYY-MM-DD. */
export function isoDate(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** A valid request body from `brand` to `influencer`; `overrides` replace fields. */
export function requestBody(influencerId: string, overrides: Record<string, unknown> = {}) {
  return {
    influencerId,
    title: 'Spring launch reel',
    brief: 'Two reels and a story about the spring collection.',
    deliverables: ['2 reels', '1 story'],
    budget: { amount: 150000, currency: 'EUR' },
    deadline: isoDate(30),
    ...overrides,
  };
}

/** Sends a request through REST and returns it; throws unless the server answered 201. */
export async function sendRequest(
  server: TestServer,
  brand: TestUser,
  influencer: TestUser,
  overrides: Record<string, unknown> = {},
): Promise<CollaborationRequest> {
  const res = await api(server.url, brand.token).post<{ request: CollaborationRequest }>(
    '/api/requests',
    requestBody(influencer.user.id, overrides),
  );
  if (res.status !== 201) throw new Error(`create request: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.request;
}

/** Pretends a request's last change happened `days` ago, so expiry can be tested without waiting. */
export async function backdateRequest(server: TestServer, requestId: string, days: number): Promise<void> {
  await server.app.services.db
    .update(collaborationRequests)
    .set({ updatedAt: new Date(Date.now() - days * 24 * 60 * 60 * 1000) })
    .where(eq(collaborationRequests.id, requestId));
}
