-- In place rather than rebuilt: the index may be large. A small pending list, merged in bulk.
ALTER INDEX "messages_content_search_idx" SET (fastupdate = true, gin_pending_list_limit = 64);
