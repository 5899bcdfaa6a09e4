-- Deleted rows whose cost or tokens were not a finite number (a NaN or 9e999 cost, text, negative
-- tokens): counted in records_deleted, kept out of old_tokens_removed and old_cost_removed.
-- Nullable: NULL in the Python service's rows and in rows written before this column.
-- (V4 is left to the run lock's holder columns.)
ALTER TABLE processed_generation_cleanup_log ADD COLUMN records_not_summed INTEGER;
ALTER TABLE retention_run ADD COLUMN records_not_summed BIGINT NOT NULL DEFAULT 0;
