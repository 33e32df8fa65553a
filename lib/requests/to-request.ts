import type { RequestRow, UserRow } from '../../db/schema';
import type { CollaborationRequest } from '../contracts/requests';
import { toPublicUser } from '../users/to-public-user';
import { expiresAt, isOpen } from './state-machine';

/** The wire shape of a stored request and its two parties. */
export function toRequest(row: RequestRow, brand: UserRow, influencer: UserRow, ttlDays: number): CollaborationRequest {
  const budget = { amount: row.budgetAmount, currency: row.currency };
  const counter =
    row.counterBudgetAmount !== null && row.counterCurrency !== null && row.counteredAt !== null
      ? {
          budget: { amount: row.counterBudgetAmount, currency: row.counterCurrency },
          deadline: row.counterDeadline,
          note: row.counterNote,
          createdAt: row.counteredAt.toISOString(),
        }
      : null;
  // A counter can only come before acceptance, and only the brand accepts a countered
  // request: an accepted request with a counter was accepted on the counter's terms.
  const agreed =
    row.status === 'accepted'
      ? counter
        ? { budget: counter.budget, deadline: counter.deadline }
        : { budget, deadline: row.deadline }
      : null;
  return {
    id: row.id,
    brand: toPublicUser(brand),
    influencer: toPublicUser(influencer),
    title: row.title,
    brief: row.brief,
    deliverables: row.deliverables,
    budget,
    deadline: row.deadline,
    status: row.status,
    counter,
    responseNote: row.responseNote,
    conversationId: row.conversationId,
    createdAt: row.createdAt.toISOString(),
    respondedAt: row.respondedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    expiresAt: isOpen(row.status) ? expiresAt(row.updatedAt, ttlDays).toISOString() : null,
    agreed,
  };
}
