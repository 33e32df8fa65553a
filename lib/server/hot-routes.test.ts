import { describe, expect, it } from 'vitest';
import { matchHotRoute } from './hot-routes';

const ID = '6f1c1a52-8f6e-4a47-9d1e-2b5c3c9e7a10';

describe('matchHotRoute', () => {
  it('takes GET of the inbox, a history page and the unread count, with or without a query', () => {
    expect(matchHotRoute('GET', '/api/chat/conversations')?.params).toEqual({});
    expect(matchHotRoute('GET', '/api/chat/conversations?limit=50&cursor=abc')?.params).toEqual({});
    expect(matchHotRoute('GET', `/api/chat/conversations/${ID}/messages?beforeSeq=10`)?.params).toEqual({ id: ID });
    expect(matchHotRoute('GET', '/api/chat/unread-count')?.params).toEqual({});
  });

  it('decodes the path parameter as Next does, and leaves a malformed escape to Next', () => {
    expect(matchHotRoute('GET', '/api/chat/conversations/%20x/messages')?.params).toEqual({ id: ' x' });
    expect(matchHotRoute('GET', '/api/chat/conversations/%E0%A4%A/messages')).toBeNull();
    // Dot segments, plain or escaped: Next resolves them to another path first.
    for (const dots of ['..', '.', '%2e%2e', '%2E']) expect(matchHotRoute('GET', `/api/chat/conversations/${dots}/messages`)).toBeNull();
  });

  it('leaves every other method and path to Next', () => {
    for (const method of ['HEAD', 'POST', 'DELETE', undefined]) expect(matchHotRoute(method, '/api/chat/conversations')).toBeNull();
    for (const url of [
      '/api/chat/conversations/',
      `/api/chat/conversations/${ID}`,
      `/api/chat/conversations/${ID}/messages/`,
      `/api/chat/conversations/${ID}/read`,
      `/api/chat/conversations/a/b/messages`,
      '/api/chat/unread-count/x',
      '/api/chat/search?q=x',
      '/inbox',
      undefined,
    ]) {
      expect(matchHotRoute('GET', url)).toBeNull();
    }
  });
});
