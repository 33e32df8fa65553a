import { apiCall as call } from './api-client';
import type { Conversation } from '../contracts/chat';
import type { PublicUser } from '../contracts/common';
import type { CollaborationRequest, CounterRequestInput, CreateRequestInput } from '../contracts/requests';

/** The browser's side of the requests REST API (the session cookie authenticates). */
export const requestsApi = {
  me: () => call<{ user: PublicUser }>('GET', '/api/users/me').then((r) => r.user),
  list: (query = '') => call<{ requests: CollaborationRequest[] }>('GET', `/api/requests${query}`).then((r) => r.requests),
  get: (id: string) => call<{ request: CollaborationRequest }>('GET', `/api/requests/${id}`).then((r) => r.request),
  create: (input: CreateRequestInput) => call<{ request: CollaborationRequest }>('POST', '/api/requests', input).then((r) => r.request),
  accept: (id: string, note?: string) =>
    call<{ request: CollaborationRequest; conversation: Conversation }>('POST', `/api/requests/${id}/accept`, note ? { note } : {}),
  reject: (id: string, note?: string) =>
    call<{ request: CollaborationRequest }>('POST', `/api/requests/${id}/reject`, note ? { note } : {}).then((r) => r.request),
  withdraw: (id: string) => call<{ request: CollaborationRequest }>('POST', `/api/requests/${id}/withdraw`, {}).then((r) => r.request),
  counter: (id: string, input: CounterRequestInput) =>
    call<{ request: CollaborationRequest }>('POST', `/api/requests/${id}/counter`, input).then((r) => r.request),
};

/** Every open request of the signed-in user: enough to count what waits for an answer. */
export const OPEN_REQUESTS_QUERY = '?status=pending,countered&limit=200';
