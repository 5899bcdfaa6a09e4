-- What a run adds to its audit row. Nullable and without defaults: the Python service's rows keep
-- NULL here, and adding such columns rewrites nothing.
ALTER TABLE processed_generation_cleanup_log
    ADD COLUMN IF NOT EXISTS run_id TEXT,
    ADD COLUMN IF NOT EXISTS "trigger" TEXT,
    ADD COLUMN IF NOT EXISTS status TEXT,
    ADD COLUMN IF NOT EXISTS batches INTEGER,
    ADD COLUMN IF NOT EXISTS retention_policy TEXT,
    -- JSON {"org": {"records": n, "tokens": n, "cost": "0.12"}}
    ADD COLUMN IF NOT EXISTS organization_breakdown TEXT;

-- history and health read the newest rows first.
CREATE INDEX IF NOT EXISTS idx_cleanup_log_created_at ON processed_generation_cleanup_log (created_at);
