-- The Python service's audit table, exactly as it created it. On a database that already has it,
-- nothing here runs against it: its rows stay as they are.
CREATE TABLE IF NOT EXISTS processed_generation_cleanup_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
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

CREATE INDEX IF NOT EXISTS idx_cleanup_log_date ON processed_generation_cleanup_log (cleanup_date);
CREATE INDEX IF NOT EXISTS idx_cleanup_log_success ON processed_generation_cleanup_log (success);
