-- Who holds the run lock, so that the next run can tell a holder that was killed (kill -9, the OOM
-- killer, a power cut of a container) from one still running, and take the lock at once instead of
-- waiting out the lease. A holder is judged only from the same host, PID namespace and user (its
-- "scope"); anywhere else the lease alone decides. NULL for leases written before this migration.
ALTER TABLE retention_lock ADD COLUMN holder_host TEXT;
ALTER TABLE retention_lock ADD COLUMN holder_scope TEXT;
ALTER TABLE retention_lock ADD COLUMN holder_pid BIGINT;
-- The holder process's start time (epoch milliseconds): a PID reused by a later process differs.
ALTER TABLE retention_lock ADD COLUMN holder_started_at BIGINT;
