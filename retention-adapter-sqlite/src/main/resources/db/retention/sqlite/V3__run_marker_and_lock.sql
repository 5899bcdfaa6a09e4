-- One row per real run in flight, checkpointed after every batch; a row still here when the next
-- run takes the lock belongs to a run whose process died, and becomes an 'interrupted' audit row.
-- started_at / updated_at: epoch milliseconds. cutoff_date: 'YYYY-MM-DD'. cost: exact decimal text.
CREATE TABLE retention_run (
    run_id TEXT PRIMARY KEY NOT NULL,
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

-- The run lock: a lease row per lock name. owner is the run id; times are epoch milliseconds.
-- A lease whose expires_at has passed may be taken over, so a crashed process blocks nobody for
-- longer than one lease.
CREATE TABLE retention_lock (
    name TEXT PRIMARY KEY NOT NULL,
    owner TEXT,
    acquired_at BIGINT,
    expires_at BIGINT
);
