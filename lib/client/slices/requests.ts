import type { StateCreator } from 'zustand';
import type { CollaborationRequest, RequestBox, RequestStatus } from '../../contracts/requests';
import type { AppState } from '../store';

export type RequestToast = { id: string; text: string; href: string | null; status: RequestStatus };

export type RequestsState = {
  /** The signed-in user: decides which box a request is in and whose turn it is. */
  me: string | null;
  byId: Record<string, CollaborationRequest>;
  toasts: RequestToast[];
};

export type RequestsEvent =
  | { type: 'identified'; userId: string }
  /** A list read over REST: merged silently. */
  | { type: 'loaded'; requests: readonly CollaborationRequest[] }
  /** One request from a live event (announced when its status changed) or from this tab's own answer. */
  | { type: 'received'; request: CollaborationRequest; source: 'live' | 'local' }
  | { type: 'toast'; toast: RequestToast }
  | { type: 'toast_dismissed'; id: string };

export const initialRequests: RequestsState = { me: null, byId: {}, toasts: [] };

const MAX_TOASTS = 4;

/** True when `incoming` should replace `current`: the store never goes back in time. */
function isNewer(incoming: CollaborationRequest, current: CollaborationRequest | undefined): boolean {
  return !current || incoming.updatedAt >= current.updatedAt;
}

export function requestsReducer(state: RequestsState, event: RequestsEvent): RequestsState {
  switch (event.type) {
    case 'identified':
      return state.me === event.userId ? state : { ...state, me: event.userId };
    case 'loaded': {
      let byId = state.byId;
      for (const request of event.requests) {
        if (!isNewer(request, byId[request.id])) continue;
        if (byId === state.byId) byId = { ...byId };
        byId[request.id] = request;
      }
      return byId === state.byId ? state : { ...state, byId };
    }
    case 'received': {
      const current = state.byId[event.request.id];
      if (!isNewer(event.request, current)) return state;
      const next = { ...state, byId: { ...state.byId, [event.request.id]: event.request } };
      const changed = !current || current.status !== event.request.status;
      if (event.source !== 'live' || !changed || !state.me) return next;
      const toast = describeChange(event.request, state.me);
      return toast ? { ...next, toasts: [...next.toasts, toast].slice(-MAX_TOASTS) } : next;
    }
    case 'toast':
      return { ...state, toasts: [...state.toasts, event.toast].slice(-MAX_TOASTS) };
    case 'toast_dismissed':
      return { ...state, toasts: state.toasts.filter((t) => t.id !== event.id) };
  }
}

/** Open requests waiting for `me`: pending ones sent to me, countered ones I sent. */
export function isAwaitingMe(request: CollaborationRequest, me: string | null): boolean {
  if (!me) return false;
  return (
    (request.status === 'pending' && request.influencer.id === me) ||
    (request.status === 'countered' && request.brand.id === me)
  );
}

export function countAwaiting(state: RequestsState): number {
  let n = 0;
  for (const request of Object.values(state.byId)) if (isAwaitingMe(request, state.me)) n++;
  return n;
}

export function boxOf(request: CollaborationRequest, me: string): RequestBox | null {
  if (request.influencer.id === me) return 'incoming';
  if (request.brand.id === me) return 'outgoing';
  return null;
}

/**
 * The requests of one box, newest first: the first-paint list from the server merged with
 * whatever the store has learned since (the newer version of each wins).
 */
export function selectBox(
  firstPaint: readonly CollaborationRequest[],
  byId: Record<string, CollaborationRequest>,
  me: string,
  box: RequestBox,
  status: RequestStatus | 'all' = 'all',
): CollaborationRequest[] {
  const merged = new Map<string, CollaborationRequest>();
  for (const r of firstPaint) merged.set(r.id, r);
  for (const r of Object.values(byId)) if (isNewer(r, merged.get(r.id))) merged.set(r.id, r);
  return [...merged.values()]
    .filter((r) => boxOf(r, me) === box && (status === 'all' || r.status === status))
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : a.id < b.id ? 1 : -1));
}

/** The side that made the change to `request`'s current status; null for expiry. */
export function actorSide(request: CollaborationRequest): 'brand' | 'influencer' | null {
  switch (request.status) {
    case 'pending':
    case 'withdrawn':
      return 'brand';
    case 'countered':
    case 'rejected':
      return 'influencer';
    case 'accepted':
      // Only the brand accepts a countered request; a pending one only the influencer.
      return request.counter ? 'brand' : 'influencer';
    case 'expired':
      return null;
  }
}

/**
 * What a person is told when a request they are party to changes. The one who acted saw it
 * happen (its other tabs update silently), so only the other side gets a toast.
 */
export function describeChange(request: CollaborationRequest, me: string): RequestToast | null {
  const iAmBrand = request.brand.id === me;
  const actor = actorSide(request);
  if (actor !== null && (actor === 'brand') === iAmBrand) return null;
  const title = `“${request.title}”`;
  const who = (side: 'brand' | 'influencer') => (side === 'brand' ? request.brand.name : request.influencer.name);
  const base = { id: `${request.id}:${request.status}:${request.updatedAt}`, status: request.status, href: '/requests' as string | null };
  switch (request.status) {
    case 'pending':
      return { ...base, text: `New request from ${request.brand.name}: ${title}` };
    case 'countered':
      return { ...base, text: `${who('influencer')} countered ${title}` };
    case 'accepted': {
      return {
        ...base,
        text: `${who(actor!)} accepted ${title}. The conversation is open.`,
        href: request.conversationId ? `/inbox/${request.conversationId}` : '/inbox',
      };
    }
    case 'rejected':
      return { ...base, text: `${who('influencer')} declined ${title}` };
    case 'withdrawn':
      return { ...base, text: `${who('brand')} withdrew ${title}` };
    case 'expired':
      return { ...base, text: `${title} expired without an answer` };
  }
}

/** Collaboration requests the signed-in user is a party to. */
export type RequestsSlice = {
  requests: RequestsState;
  /** Requests waiting for this user's answer (the navigation badge). */
  pendingIncoming: number;
  setPendingIncoming: (n: number) => void;
  dispatchRequests: (event: RequestsEvent) => void;
};

export const createRequestsSlice: StateCreator<AppState, [], [], RequestsSlice> = (set) => ({
  requests: initialRequests,
  pendingIncoming: 0,
  setPendingIncoming: (n) => set({ pendingIncoming: n }),
  dispatchRequests: (event) =>
    set((s) => {
      const requests = requestsReducer(s.requests, event);
      return requests === s.requests ? {} : { requests, pendingIncoming: countAwaiting(requests) };
    }),
});
