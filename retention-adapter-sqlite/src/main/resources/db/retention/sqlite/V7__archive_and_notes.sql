-- Where a run kept the rows it deleted (CLEANUP_ARCHIVE), what it has to say, and the expired rows
-- it left (a run stopped at its time budget, CLEANUP_MAX_DURATION). Nullable: older rows, the
-- Python service's, and runs without an archive keep NULL here.
-- 'file:<path of the run's .csv.gz>' or 'table:<archive table>'
ALTER TABLE processed_generation_cleanup_log ADD COLUMN archive_location TEXT;
-- Rows of the run in the archive: one per deleted row.
ALTER TABLE processed_generation_cleanup_log ADD COLUMN archive_records BIGINT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN archive_sha256 TEXT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN note TEXT;
ALTER TABLE processed_generation_cleanup_log ADD COLUMN records_left BIGINT;
-- The in-flight marker counts its archive too, so that an interrupted run's audit row says where
-- the rows it deleted went.
ALTER TABLE retention_run ADD COLUMN archive_location TEXT;
ALTER TABLE retention_run ADD COLUMN archive_records BIGINT;
