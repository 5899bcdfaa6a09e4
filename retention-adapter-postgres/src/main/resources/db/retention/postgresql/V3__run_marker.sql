-- One row per real run in flight, checkpointed after every batch. A row still here when the next
-- run takes the lock belongs to a run whose process died, and becomes an 'interrupted' audit row.
-- started_at and updated_at are epoch milliseconds, cost is exact decimal text.
-- (SQLite's V3 also creates a lease table for its run lock. PostgreSQL needs none: the lock is an
-- advisory lock, released by the server when its session ends.)
CREATE TABLE IF NOT EXISTS retention_run (
    run_id TEXT PRIMARY KEY,
    "trigger" TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    days_retained INTEGER NOT NULL,
    cutoff_date DATE NOT NULL,
    records_before BIGINT NOT NULL,
    records_deleted BIGINT NOT NULL,
    tokens BIGINT NOT NULL,
    cost TEXT NOT NULL,
    batches INTEGER NOT NULL,
    retention_policy TEXT,
    organization_breakdown TEXT
);
