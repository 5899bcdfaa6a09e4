-- What a run measured of its storage, next to the Python service's estimate (storage_saved_kb).
-- Nullable: the Python service's rows, and runs that measured nothing, keep NULL here.
-- Bytes of the whole database file (page_count * page_size): SQLite does not size one table.
ALTER TABLE processed_generation_cleanup_log ADD COLUMN storage_bytes_before BIGINT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN storage_bytes_after BIGINT;
-- The space return after a successful run (CLEANUP_VACUUM), when one was asked for.
ALTER TABLE processed_generation_cleanup_log ADD COLUMN vacuum_bytes_returned BIGINT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN vacuum_seconds FLOAT;
-- JSON: {"before": {"bytes": n, "reusable_bytes": n, "reported": {"page_size": n, "page_count": n,
-- "freelist_count": n}}, "after": {...}, "vacuum": {"mode": "online", "performed": true, ...}}
ALTER TABLE processed_generation_cleanup_log ADD COLUMN storage_details TEXT;
