-- Deleted rows whose cost or tokens were not a finite number (a NaN or Infinity cost, negative
-- tokens): counted in records_deleted, kept out of old_tokens_removed and old_cost_removed.
-- Nullable and without default on the audit table: the Python service's rows keep NULL, nothing
-- is rewritten.
ALTER TABLE processed_generation_cleanup_log ADD COLUMN IF NOT EXISTS records_not_summed INTEGER;
ALTER TABLE retention_run ADD COLUMN IF NOT EXISTS records_not_summed BIGINT NOT NULL DEFAULT 0;
