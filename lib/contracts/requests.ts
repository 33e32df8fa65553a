import type { PublicUser } from './common';

export const REQUEST_STATUSES = ['pending', 'countered', 'accepted', 'rejected', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export type Budget = { amount: number; currency: string };

export type CollaborationRequest = {
  id: string;
  brand: PublicUser;
  influencer: PublicUser;
  title: string;
  brief: string;
  deliverables: string[];
  budget: Budget;
  deadline: string | null;
  status: RequestStatus;
  counter: { budget: Budget; deadline: string | null; note: string | null; createdAt: string } | null;
  responseNote: string | null;
  conversationId: string | null;
  createdAt: string;
  respondedAt: string | null;
};
