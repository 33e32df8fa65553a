import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db';
import { conversationMembers, messages } from '../../db/schema';
import type { Message } from '../contracts/chat';
import { loadMessages } from './load-messages';

export type SearchHit = Message & { highlight: string };

/**
 * Full-text search over the caller's own conversations. `highlight` marks the matched words
 * with «» so a client can render them without trusting HTML.
 */
export async function searchMessages(db: Db, userId: string, q: string, limit = 30): Promise<SearchHit[]> {
  const query = sql`websearch_to_tsquery('simple', ${q})`;
  const rows = await db
    .select({
      message: messages,
      highlight: sql<string>`ts_headline('simple', ${messages.content}, ${query}, 'StartSel=«, StopSel=», MaxWords=24, MinWords=8, ShortWord=2')`,
    })
    .from(messages)
    .where(
      and(
        sql`to_tsvector('simple', ${messages.content}) @@ ${query}`,
        inArray(
          messages.conversationId,
          db.select({ id: conversationMembers.conversationId }).from(conversationMembers).where(eq(conversationMembers.userId, userId)),
        ),
      ),
    )
    .orderBy(desc(messages.id))
    .limit(limit);
  const byConversation = new Map<string, typeof rows>();
  for (const row of rows) byConversation.set(row.message.conversationId, [...(byConversation.get(row.message.conversationId) ?? []), row]);
  const hits = new Map<number, SearchHit>();
  for (const [conversationId, group] of byConversation) {
    const loaded = await loadMessages(db, conversationId, group.map((g) => g.message));
    loaded.forEach((m, i) => hits.set(m.id, { ...m, highlight: group[i]!.highlight }));
  }
  return rows.map((r) => hits.get(r.message.id)!);
}
