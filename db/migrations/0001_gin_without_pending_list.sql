-- In place rather than rebuilt: the index may be large. Entries already pending are merged now.
ALTER INDEX "messages_content_search_idx" SET (fastupdate = false);--> statement-breakpoint
SELECT gin_clean_pending_list('messages_content_search_idx'::regclass);
