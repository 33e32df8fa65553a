ALTER TABLE "conversation_members" ADD COLUMN "hidden_through_seq" integer;--> statement-breakpoint
-- Conversations hidden now stay hidden through the messages they already hold.
UPDATE "conversation_members" m SET "hidden_through_seq" = c."last_seq" FROM "conversations" c WHERE c."id" = m."conversation_id" AND m."hidden_at" IS NOT NULL;
