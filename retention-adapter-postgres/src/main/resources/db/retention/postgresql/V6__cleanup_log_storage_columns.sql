-- What a run measured of its storage, next to the Python service's estimate (storage_saved_kb).
-- Nullable and without defaults: the Python service's rows, and runs that measured nothing, keep
-- NULL here, and adding such columns rewrites nothing.
ALTER TABLE processed_generation_cleanup_log
    -- pg_table_size + pg_indexes_size of the cleaned table
    ADD COLUMN IF NOT EXISTS storage_bytes_before BIGINT,
    ADD COLUMN IF NOT EXISTS storage_bytes_after BIGINT,
    -- The space return after a successful run (CLEANUP_VACUUM), when one was asked for.
    ADD COLUMN IF NOT EXISTS vacuum_bytes_returned BIGINT,
    ADD COLUMN IF NOT EXISTS vacuum_seconds FLOAT,
    -- JSON: {"before": {"bytes": n, "dead_rows": n, "reported": {"table_bytes": n,
    -- "index_bytes": n, "n_live_tup": n, "n_dead_tup": n}}, "after": {...}, "vacuum": {...}}
    ADD COLUMN IF NOT EXISTS storage_details TEXT;
