import { eq } from 'drizzle-orm';
import type { Db } from '../../db';
import { collaborationRequests } from '../../db/schema';
import type { Caller } from '../auth/tokens';
import type { CollaborationRequest, CreateRequestInput } from '../contracts/requests';
import { AppError } from '../errors';
import type { Publisher } from '../realtime/publisher';
import { findUser } from '../users/find-user';
import { notifyRequest } from './notify-request';
import { publishRequestChange } from './publish-request-change';
import { queryRequests } from './query-requests';

export type RequestSettings = { ttlDays: number; now?: Date };

/** A brand asks an influencer for a collaboration; the influencer hears of it live. */
export async function createRequest(
  db: Db,
  publisher: Publisher,
  caller: Caller,
  input: CreateRequestInput,
  settings: RequestSettings,
): Promise<CollaborationRequest> {
  const brand = await findUser(db, caller.userId);
  if (!brand) throw new AppError('unauthorized', 'This account no longer exists');
  if (brand.role !== 'brand') throw new AppError('forbidden', 'Only brands send collaboration requests');
  if (input.influencerId === brand.id) {
    throw new AppError('invalid_input', 'You cannot send a request to yourself', [{ path: 'influencerId', message: 'is yourself' }]);
  }
  const influencer = await findUser(db, input.influencerId);
  if (!influencer) {
    throw new AppError('not_found', 'No influencer has this id', [{ path: 'influencerId', message: 'unknown user' }]);
  }
  if (influencer.role !== 'influencer') {
    throw new AppError('invalid_input', 'Requests go to influencers only', [{ path: 'influencerId', message: 'is not an influencer' }]);
  }

  const now = settings.now ?? new Date();
  const { request, notification } = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(collaborationRequests)
      .values({
        brandId: brand.id,
        influencerId: influencer.id,
        title: input.title,
        brief: input.brief,
        deliverables: input.deliverables,
        budgetAmount: input.budget.amount,
        currency: input.budget.currency,
        deadline: input.deadline ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const notification = await notifyRequest(tx, influencer.id, {
      requestId: row!.id,
      title: row!.title,
      status: 'pending',
      actor: { id: brand.id, name: brand.name },
    });
    const [request] = await queryRequests(tx, eq(collaborationRequests.id, row!.id), { ttlDays: settings.ttlDays, limit: 1 });
    return { request: request!, notification };
  });

  publishRequestChange(publisher, 'new', request, [notification]);
  return request;
}
