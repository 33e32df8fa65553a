import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: varchar('email', { length: 254 }).notNull(),
    passwordHash: text('password_hash').notNull(),
    name: varchar('name', { length: 100 }).notNull(),
    role: varchar('role', { length: 16 }).$type<'brand' | 'influencer'>().notNull(),
    handle: varchar('handle', { length: 32 }).notNull(),
    bio: text('bio'),
    avatarUrl: text('avatar_url'),
    /** The status the user chose: online, away, busy, or offline (appear offline). */
    statusPreference: varchar('status_preference', { length: 16 })
      .$type<'online' | 'away' | 'busy' | 'offline'>()
      .notNull()
      .default('online'),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }),
    /** Moved on by "sign out everywhere": tokens and sessions issued under an older one are refused. */
    sessionGeneration: integer('session_generation').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    uniqueIndex('users_handle_key').on(t.handle),
    index('users_role_name_idx').on(t.role, t.name),
    check('users_role_check', sql`${t.role} in ('brand', 'influencer')`),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => users.id),
    influencerId: uuid('influencer_id')
      .notNull()
      .references(() => users.id),
    lastSeq: integer('last_seq').notNull().default(0),
    lastMessageAt: timestamp('last_message_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('conversations_pair_key').on(t.brandId, t.influencerId)],
);

export const conversationMembers = pgTable(
  'conversation_members',
  {
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    lastDeliveredSeq: integer('last_delivered_seq').notNull().default(0),
    /** When the member last hid the conversation from its inbox. */
    hiddenAt: timestamp('hidden_at', { withTimezone: true, mode: 'date' }),
    /**
     * The conversation's last seq when the member hid it: the inbox leaves it out while
     * `last_seq` is not above it, so any later message brings it back, however close the two.
     */
    hiddenThroughSeq: integer('hidden_through_seq'),
    muted: boolean('muted').notNull().default(false),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    // Both columns, so a lookup of one membership is exact through either index. With the user
    // alone, a generic plan could take this index for (conversation, user) and read every
    // membership of the user: a brand read one entry per conversation it is in, for each
    // message it sent.
    index('conversation_members_user_idx').on(t.userId, t.conversationId),
  ],
);

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    storageKey: text('storage_key').notNull(),
    name: varchar('name', { length: 255 }).notNull(),
    mime: varchar('mime', { length: 127 }).notNull(),
    size: integer('size').notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('attachments_owner_idx').on(t.ownerId)],
);

export const messages = pgTable(
  'messages',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id),
    /** The client's tempId: a retry with the same one returns the stored message. */
    clientId: varchar('client_id', { length: 64 }),
    type: varchar('type', { length: 16 }).$type<'text' | 'image' | 'file' | 'system'>().notNull().default('text'),
    content: text('content').notNull(),
    attachmentId: uuid('attachment_id').references(() => attachments.id),
    createdAt: createdAt(),
    editedAt: timestamp('edited_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    uniqueIndex('messages_sender_client_key').on(t.senderId, t.clientId),
    // New entries wait in a small pending list and go into the index in bulk: about 40% less
    // work per message than updating it in place (Postgres and PGlite alike), and searches read
    // the pending list too. The list is kept small (64 kB) because the insert that overflows
    // it does the merge: with the default 4 MB that stalled a commit, and every send queued
    // behind it, for 100 ms and more; at 64 kB a merge costs a few milliseconds.
    index('messages_content_search_idx')
      .using('gin', sql`to_tsvector('simple', ${t.content})`)
      .with({ fastupdate: true, gin_pending_list_limit: 64 }),
    check('messages_type_check', sql`${t.type} in ('text', 'image', 'file', 'system')`),
  ],
);

export const collaborationRequests = pgTable(
  'collaboration_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    brandId: uuid('brand_id')
      .notNull()
      .references(() => users.id),
    influencerId: uuid('influencer_id')
      .notNull()
      .references(() => users.id),
    title: varchar('title', { length: 200 }).notNull(),
    brief: text('brief').notNull(),
    deliverables: jsonb('deliverables').$type<string[]>().notNull().default([]),
    budgetAmount: bigint('budget_amount', { mode: 'number' }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    deadline: date('deadline', { mode: 'string' }),
    status: varchar('status', { length: 16 })
      .$type<'pending' | 'countered' | 'accepted' | 'rejected' | 'withdrawn' | 'expired'>()
      .notNull()
      .default('pending'),
    counterBudgetAmount: bigint('counter_budget_amount', { mode: 'number' }),
    counterCurrency: char('counter_currency', { length: 3 }),
    counterDeadline: date('counter_deadline', { mode: 'string' }),
    counterNote: text('counter_note'),
    counteredAt: timestamp('countered_at', { withTimezone: true, mode: 'date' }),
    responseNote: text('response_note'),
    conversationId: uuid('conversation_id').references(() => conversations.id),
    createdAt: createdAt(),
    /** Last state change; expiry counts from here. */
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    respondedAt: timestamp('responded_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('requests_influencer_idx').on(t.influencerId, t.createdAt),
    index('requests_brand_idx').on(t.brandId, t.createdAt),
    index('requests_open_idx').on(t.status, t.updatedAt),
    check('requests_budget_check', sql`${t.budgetAmount} >= 0`),
    check(
      'requests_status_check',
      sql`${t.status} in ('pending', 'countered', 'accepted', 'rejected', 'withdrawn', 'expired')`,
    ),
  ],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

export const instagramAccounts = pgTable(
  'instagram_accounts',
  {
    accountId: varchar('account_id', { length: 64 }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    username: varchar('username', { length: 64 }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('instagram_accounts_user_idx').on(t.userId)],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    externalId: varchar('external_id', { length: 128 }).notNull(),
    accountId: varchar('account_id', { length: 64 }).notNull(),
    eventType: varchar('event_type', { length: 32 }).notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('webhook_events_external_key').on(t.externalId),
    index('webhook_events_account_idx').on(t.accountId, t.receivedAt),
  ],
);

export type UserRow = typeof users.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type ConversationMemberRow = typeof conversationMembers.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type AttachmentRow = typeof attachments.$inferSelect;
export type RequestRow = typeof collaborationRequests.$inferSelect;
export type NotificationRow = typeof notifications.$inferSelect;
export type InstagramAccountRow = typeof instagramAccounts.$inferSelect;
export type WebhookEventRow = typeof webhookEvents.$inferSelect;
