-- The Python service's audit table as PostgreSQL has it (SERIAL id, BOOLEAN success, DATE dates,
-- epoch-second created_at). On a database that already has it, nothing here touches it or its rows.
CREATE TABLE IF NOT EXISTS processed_generation_cleanup_log (
    id SERIAL PRIMARY KEY,
    cleanup_date DATE,
    cutoff_date DATE,
    days_retained INTEGER,
    records_before INTEGER,
    records_deleted INTEGER,
    records_remaining INTEGER,
    old_tokens_removed BIGINT,
    old_cost_removed FLOAT,
    storage_saved_kb FLOAT,
    cleanup_duration_seconds FLOAT,
    success BOOLEAN NOT NULL,
    error_message TEXT NULL,
    created_at BIGINT NOT NULL
);

-- The operators' health queries filter on cleanup_date and success. An adopted table may already
-- index them under names of its own: add an index only where none leads with the column.
DO $$
BEGIN
  IF NOT EXISTS (
      SELECT 1 FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = 'processed_generation_cleanup_log'::regclass
        AND a.attname = 'cleanup_date') THEN
    CREATE INDEX idx_cleanup_log_date ON processed_generation_cleanup_log (cleanup_date);
  END IF;
  IF NOT EXISTS (
      SELECT 1 FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
      WHERE i.indrelid = 'processed_generation_cleanup_log'::regclass
        AND a.attname = 'success') THEN
    CREATE INDEX idx_cleanup_log_success ON processed_generation_cleanup_log (success);
  END IF;
END
$$;
