import { and, eq, gt } from 'drizzle-orm';
import type { Db, Tx } from '../../db';
import { collaborationRequests, users, type MessageRow, type NotificationRow, type RequestRow, type UserRow } from '../../db/schema';
import type { Caller } from '../auth/tokens';
import type { Conversation } from '../contracts/chat';
import { ZUuid } from '../contracts/common';
import type { Budget, CollaborationRequest, CounterRequestInput } from '../contracts/requests';
import { appendMessage } from '../chat/append-message';
import { getConversation } from '../chat/conversation-views';
import { openConversation } from '../chat/open-conversation';
import { toMessage } from '../chat/to-message';
import { AppError } from '../errors';
import type { Publisher } from '../realtime/publisher';
import type { RequestSettings } from './create-request';
import { expireRequests } from './expire-requests';
import { formatMoney } from './money';
import { notifyRequest } from './notify-request';
import { publishRequestChange } from './publish-request-change';
import { queryRequests } from './query-requests';
import { decideTransition, isStale } from './state-machine';

export type AnswerInput =
  | { requestId: string; action: 'accept' | 'reject' | 'withdraw'; note?: string | null | undefined }
  | ({ requestId: string; action: 'counter' } & CounterRequestInput);

export type AnswerResult = { request: CollaborationRequest; conversation?: Conversation };

/**
 * One party answers a request: accept, reject, counter or withdraw. The state change is a
 * single conditional UPDATE on the status that was read, so of two concurrent answers
 * exactly one wins and the other gets `invalid_state`. Acceptance opens (or reuses) the
 * pair's conversation and posts a system message with the agreed terms in the same
 * transaction; everything is published after commit.
 */
export async function answerRequest(
  db: Db,
  publisher: Publisher,
  caller: Caller,
  input: AnswerInput,
  settings: RequestSettings,
): Promise<AnswerResult> {
  const now = settings.now ?? new Date();
  if (!ZUuid.safeParse(input.requestId).success) throw new AppError('not_found', 'Request not found');
  const [row] = await db.select().from(collaborationRequests).where(eq(collaborationRequests.id, input.requestId)).limit(1);
  if (!row || (row.brandId !== caller.userId && row.influencerId !== caller.userId)) {
    throw new AppError('not_found', 'Request not found');
  }
  const role = row.brandId === caller.userId ? 'brand' : 'influencer';
  const stale = isStale(row.status, row.updatedAt, settings.ttlDays, now);
  const decision = decideTransition(row.status, input.action, role, stale);
  if (stale) {
    await expireRequests(db, publisher, { ttlDays: settings.ttlDays, now, scope: eq(collaborationRequests.id, row.id) });
  }
  if (!decision.ok) {
    throw new AppError(decision.code, stale && decision.code === 'invalid_state' ? 'This request has expired' : decision.message);
  }

  const cutoff = new Date(now.getTime() - settings.ttlDays * 24 * 60 * 60 * 1000);
  const outcome = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(collaborationRequests)
      .set({ ...changesFor(input, now), status: decision.to, updatedAt: now, respondedAt: now })
      .where(
        and(
          eq(collaborationRequests.id, row.id),
          eq(collaborationRequests.status, row.status),
          gt(collaborationRequests.updatedAt, cutoff),
        ),
      )
      .returning();
    if (!updated) return null;

    const [actor] = await tx.select().from(users).where(eq(users.id, caller.userId)).limit(1);
    let accepted: { conversationId: string; message: MessageRow } | null = null;
    if (decision.to === 'accepted') accepted = await openAgreedConversation(tx, updated, actor!);

    const otherId = role === 'brand' ? updated.influencerId : updated.brandId;
    const notification: NotificationRow = await notifyRequest(tx, otherId, {
      requestId: updated.id,
      title: updated.title,
      status: decision.to,
      actor: { id: actor!.id, name: actor!.name },
    });
    const [request] = await queryRequests(tx, eq(collaborationRequests.id, updated.id), { ttlDays: settings.ttlDays, limit: 1 });
    const views = accepted
      ? {
          mine: (await getConversation(tx, caller.userId, accepted.conversationId))!,
          other: (await getConversation(tx, otherId, accepted.conversationId))!,
          otherId,
        }
      : null;
    return { request: request!, notification, accepted, views, actor: actor! };
  });
  if (!outcome) {
    throw new AppError('invalid_state', 'This request was answered or changed meanwhile; reload it');
  }

  publishRequestChange(publisher, 'updated', outcome.request, [outcome.notification]);
  if (outcome.accepted && outcome.views) {
    const { mine, other, otherId } = outcome.views;
    publisher.toUser(caller.userId, 'conversation:updated', { conversation: mine });
    publisher.toUser(otherId, 'conversation:updated', { conversation: other });
    publisher.toConversation(
      outcome.accepted.conversationId,
      'message:new',
      toMessage(outcome.accepted.message, outcome.actor, null, mine.otherLastReadSeq),
    );
    return { request: outcome.request, conversation: mine };
  }
  return { request: outcome.request };
}

function changesFor(input: AnswerInput, now: Date): Partial<RequestRow> {
  if (input.action === 'counter') {
    return {
      counterBudgetAmount: input.budget.amount,
      counterCurrency: input.budget.currency,
      counterDeadline: input.deadline ?? null,
      counterNote: input.note ?? null,
      counteredAt: now,
    };
  }
  return { responseNote: input.note ?? null };
}

/** Opens the pair's conversation, links it to the request and posts the agreed terms. */
async function openAgreedConversation(tx: Tx, request: RequestRow, actor: UserRow) {
  const { conversation } = await openConversation(tx, request.brandId, request.influencerId);
  await tx
    .update(collaborationRequests)
    .set({ conversationId: conversation.id })
    .where(eq(collaborationRequests.id, request.id));
  const counter = request.counterBudgetAmount !== null && request.counterCurrency !== null;
  const budget: Budget = counter
    ? { amount: request.counterBudgetAmount!, currency: request.counterCurrency! }
    : { amount: request.budgetAmount, currency: request.currency };
  const deadline = counter ? request.counterDeadline : request.deadline;
  const content =
    `${actor.name} accepted the collaboration “${request.title}”. ` +
    `Budget: ${budget.amount === 0 ? `gifted (${budget.currency})` : formatMoney(budget)}. ` +
    `Deadline: ${deadline ?? 'none'}.`;
  const message = await appendMessage(tx, { conversationId: conversation.id, senderId: actor.id, type: 'system', content });
  return { conversationId: conversation.id, message };
}

