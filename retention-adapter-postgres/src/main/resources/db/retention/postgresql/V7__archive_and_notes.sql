-- Where a run kept the rows it deleted (CLEANUP_ARCHIVE), what it has to say, and the expired rows
-- it left (a run stopped at its time budget, CLEANUP_MAX_DURATION). Nullable and without defaults:
-- older rows, the Python service's, and runs without an archive keep NULL here, and adding such
-- columns rewrites nothing.
ALTER TABLE processed_generation_cleanup_log
    -- 'file:<path of the run's .csv.gz>' or 'table:<archive table>'
    ADD COLUMN IF NOT EXISTS archive_location TEXT,
    -- Rows of the run in the archive: one per deleted row.
    ADD COLUMN IF NOT EXISTS archive_records BIGINT,
    ADD COLUMN IF NOT EXISTS archive_sha256 TEXT,
    ADD COLUMN IF NOT EXISTS note TEXT,
    ADD COLUMN IF NOT EXISTS records_left BIGINT;
-- The in-flight marker counts its archive too, so that an interrupted run's audit row says where
-- the rows it deleted went.
ALTER TABLE retention_run
    ADD COLUMN IF NOT EXISTS archive_location TEXT,
    ADD COLUMN IF NOT EXISTS archive_records BIGINT;
