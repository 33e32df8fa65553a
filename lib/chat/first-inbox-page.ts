import { cache } from 'react';
import { INBOX_PAGE_SIZE, type InboxPage } from '../contracts/chat';
import { getServices } from '../services';
import { readInbox } from './hot-reads';

/**
 * The inbox's first page for a server-rendered first paint, from the same statement and in
 * the same shape as GET /api/chat/conversations?limit=; both signed-in layouts need it within
 * one render, and the database answers once.
 */
export const firstInboxPage = cache(
  async (userId: string): Promise<InboxPage> => JSON.parse(await readInbox(getServices().database.query, userId, { limit: INBOX_PAGE_SIZE })) as InboxPage,
);
