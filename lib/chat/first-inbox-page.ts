import { cache } from 'react';
import type { InboxPage } from '../contracts/chat';
import { getServices } from '../services';
import { readInboxConversations } from './hot-reads';

/** The inbox's first page within one server render: both signed-in layouts need it, the database answers once. */
export const firstInboxPage = cache((userId: string): Promise<InboxPage> => readInboxConversations(getServices().database.query, userId));
