import { describe, expect, it } from 'vitest';
import type { CollaborationRequest } from '../../contracts/requests';
import { countAwaiting, describeChange, initialRequests, requestsReducer, selectBox, type RequestsState } from './requests';

const brand = { id: 'b1', name: 'Acme', role: 'brand' as const, handle: 'acme', avatarUrl: null, bio: null };
const influencer = { id: 'i1', name: 'Maya', role: 'influencer' as const, handle: 'maya', avatarUrl: null, bio: null };

function req(over: Partial<CollaborationRequest> = {}): CollaborationRequest {
  return {
    id: 'r1',
    brand,
    influencer,
    title: 'Spring reel',
    brief: 'Two reels',
    deliverables: [],
    budget: { amount: 1000, currency: 'EUR' },
    deadline: null,
    status: 'pending',
    counter: null,
    responseNote: null,
    conversationId: null,
    createdAt: '2026-01-01T10:00:00.000Z',
    respondedAt: null,
    updatedAt: '2026-01-01T10:00:00.000Z',
    expiresAt: null,
    agreed: null,
    ...over,
  };
}

const as = (me: string): RequestsState => requestsReducer(initialRequests, { type: 'identified', userId: me });

describe('[CLIENT] requests store', () => {
  it('counts pending requests for the influencer and countered ones for the brand', () => {
    const list = [
      req({ id: 'a' }),
      req({ id: 'b', status: 'countered', updatedAt: '2026-01-02T00:00:00.000Z' }),
      req({ id: 'c', status: 'accepted' }),
    ];
    expect(countAwaiting(requestsReducer(as('i1'), { type: 'loaded', requests: list }))).toBe(1);
    expect(countAwaiting(requestsReducer(as('b1'), { type: 'loaded', requests: list }))).toBe(1);
    expect(countAwaiting(requestsReducer(initialRequests, { type: 'loaded', requests: list }))).toBe(0);
  });

  it('a live new request raises the count and announces itself; its answer lowers the count', () => {
    let s = requestsReducer(as('i1'), { type: 'received', request: req(), source: 'live' });
    expect(countAwaiting(s)).toBe(1);
    expect(s.toasts.map((t) => t.text)).toEqual(['New request from Acme: “Spring reel”']);
    s = requestsReducer(s, {
      type: 'received',
      request: req({ status: 'rejected', updatedAt: '2026-01-01T11:00:00.000Z' }),
      source: 'local',
    });
    expect(countAwaiting(s)).toBe(0);
    expect(s.toasts).toHaveLength(1);
  });

  it('never goes back in time: an older copy arriving late is ignored', () => {
    const newer = req({ status: 'countered', updatedAt: '2026-01-01T12:00:00.000Z' });
    let s = requestsReducer(as('b1'), { type: 'received', request: newer, source: 'live' });
    const before = s;
    s = requestsReducer(s, { type: 'loaded', requests: [req()] });
    s = requestsReducer(s, { type: 'received', request: req(), source: 'live' });
    expect(s).toBe(before);
    expect(s.byId.r1!.status).toBe('countered');
  });

  it('announces only status changes, once, however many tabs or copies deliver them', () => {
    let s = requestsReducer(as('b1'), { type: 'loaded', requests: [req()] });
    const accepted = req({ status: 'accepted', conversationId: 'c9', updatedAt: '2026-01-01T12:00:00.000Z' });
    s = requestsReducer(s, { type: 'received', request: accepted, source: 'live' });
    s = requestsReducer(s, { type: 'received', request: accepted, source: 'live' });
    expect(s.toasts).toEqual([
      expect.objectContaining({ text: 'Maya accepted “Spring reel”. The conversation is open.', href: '/inbox/c9' }),
    ]);
    s = requestsReducer(s, { type: 'toast_dismissed', id: s.toasts[0]!.id });
    expect(s.toasts).toEqual([]);
  });

  it('tells the other side who did what, and stays quiet for the one who acted', () => {
    const counter = { budget: { amount: 1, currency: 'EUR' }, deadline: null, note: null, createdAt: '2026-01-01T11:00:00.000Z' };
    expect(describeChange(req({ status: 'countered', counter }), 'b1')!.text).toBe('Maya countered “Spring reel”');
    expect(describeChange(req({ status: 'accepted', counter }), 'i1')!.text).toMatch(/^Acme accepted/);
    expect(describeChange(req({ status: 'accepted' }), 'b1')!.text).toMatch(/^Maya accepted/);
    expect(describeChange(req({ status: 'withdrawn' }), 'i1')!.text).toBe('Acme withdrew “Spring reel”');
    expect(describeChange(req({ status: 'rejected' }), 'b1')!.text).toBe('Maya declined “Spring reel”');
    expect(describeChange(req({ status: 'expired' }), 'b1')!.text).toBe('“Spring reel” expired without an answer');
    for (const [status, actor] of [['pending', 'b1'], ['countered', 'i1'], ['rejected', 'i1'], ['withdrawn', 'b1']] as const) {
      expect(describeChange(req({ status, counter: status === 'countered' ? counter : null }), actor), status).toBeNull();
    }
    expect(describeChange(req({ status: 'accepted', counter }), 'b1')).toBeNull();
    expect(describeChange(req({ status: 'accepted' }), 'i1')).toBeNull();
    expect(describeChange(req({ status: 'expired' }), 'i1')).not.toBeNull();
  });

  it('merges the first paint with live updates into one box, newest first, filtered by status', () => {
    const firstPaint = [req({ id: 'old', createdAt: '2026-01-01T00:00:00.000Z' })];
    const live = {
      old: req({ id: 'old', createdAt: '2026-01-01T00:00:00.000Z', status: 'countered', updatedAt: '2026-01-03T00:00:00.000Z' }),
      fresh: req({ id: 'fresh', createdAt: '2026-01-02T00:00:00.000Z' }),
      notMine: req({ id: 'notMine', influencer: { ...influencer, id: 'i2' } }),
    };
    expect(selectBox(firstPaint, live, 'i1', 'incoming').map((r) => `${r.id}:${r.status}`)).toEqual(['fresh:pending', 'old:countered']);
    expect(selectBox(firstPaint, live, 'i1', 'incoming', 'pending').map((r) => r.id)).toEqual(['fresh']);
    expect(selectBox(firstPaint, live, 'i1', 'outgoing')).toEqual([]);
    expect(selectBox(firstPaint, {}, 'b1', 'outgoing').map((r) => r.id)).toEqual(['old']);
  });
});
