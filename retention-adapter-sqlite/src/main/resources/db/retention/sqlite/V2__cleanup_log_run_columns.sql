-- What a run adds to its audit row. Nullable: the Python service's rows keep NULL here.
ALTER TABLE processed_generation_cleanup_log ADD COLUMN run_id TEXT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN "trigger" TEXT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN status TEXT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN batches INTEGER;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN retention_policy TEXT;
-- JSON: {"org": {"records": n, "tokens": n, "cost": "0.12"}}
ALTER TABLE processed_generation_cleanup_log ADD COLUMN organization_breakdown TEXT;

-- history and health read the newest rows first.
CREATE INDEX IF NOT EXISTS idx_cleanup_log_created_at ON processed_generation_cleanup_log (created_at);
