import type { Role } from '../contracts/common';
import type { RequestAction, RequestStatus } from '../contracts/requests';

export const OPEN_STATUSES = ['pending', 'countered'] as const satisfies readonly RequestStatus[];

/** Who may take which action in which state, and where it leads. Everything else is refused. */
const transitions: Record<RequestStatus, Partial<Record<RequestAction, { by: Role; to: RequestStatus }>>> = {
  pending: {
    accept: { by: 'influencer', to: 'accepted' },
    reject: { by: 'influencer', to: 'rejected' },
    counter: { by: 'influencer', to: 'countered' },
    withdraw: { by: 'brand', to: 'withdrawn' },
  },
  countered: {
    accept: { by: 'brand', to: 'accepted' },
    reject: { by: 'influencer', to: 'rejected' },
    withdraw: { by: 'brand', to: 'withdrawn' },
  },
  accepted: {},
  rejected: {},
  withdrawn: {},
  expired: {},
};

export type TransitionResult =
  | { ok: true; to: RequestStatus }
  | { ok: false; code: 'forbidden' | 'invalid_state'; message: string };

export const isOpen = (status: RequestStatus): boolean => status === 'pending' || status === 'countered';

/** True when `role` may take `action` in some state: the action belongs to that side. */
export function mayEverTake(role: Role, action: RequestAction): boolean {
  return Object.values(transitions).some((byAction) => byAction[action]?.by === role);
}

/**
 * Decides one action on a request. `stale` marks an open request whose time ran out: it
 * counts as expired even before a sweep has written that down.
 *
 * The wrong party (a side that may take the action in this state, but it is the other
 * side's turn, or that never takes it at all) gets `forbidden`; an action the request's
 * state does not allow for anybody on that side gets `invalid_state`.
 */
export function decideTransition(
  status: RequestStatus,
  action: RequestAction,
  role: Role,
  stale = false,
): TransitionResult {
  const effective: RequestStatus = stale && isOpen(status) ? 'expired' : status;
  const rule = transitions[effective][action];
  if (rule) {
    if (rule.by === role) return { ok: true, to: rule.to };
    return { ok: false, code: 'forbidden', message: `Only the ${rule.by} can ${action} a ${effective} request` };
  }
  if (!mayEverTake(role, action)) {
    return { ok: false, code: 'forbidden', message: `The ${role} cannot ${action} a request` };
  }
  return { ok: false, code: 'invalid_state', message: `A ${effective} request cannot be ${pastTense[action]}` };
}

const pastTense: Record<RequestAction, string> = {
  accept: 'accepted',
  reject: 'rejected',
  counter: 'countered',
  withdraw: 'withdrawn',
};

/** The instant an open request last changed at `updatedAt` expires. */
export function expiresAt(updatedAt: Date, ttlDays: number): Date {
  return new Date(updatedAt.getTime() + ttlDays * 24 * 60 * 60 * 1000);
}

/** True when an open request has gone `ttlDays` without a change. */
export function isStale(status: RequestStatus, updatedAt: Date, ttlDays: number, now: Date = new Date()): boolean {
  return isOpen(status) && expiresAt(updatedAt, ttlDays).getTime() <= now.getTime();
}

/** The side whose answer a request in `status` is waiting for, if any. */
export function awaitingSide(status: RequestStatus): Role | null {
  if (status === 'pending') return 'influencer';
  if (status === 'countered') return 'brand';
  return null;
}
