package ai.mai.retention.adapter.jdbc;

/**
 * The columns of one audit row that migration V7 added, all nullable: rows of runs without an
 * archive or a note, and older rows, keep NULL there.
 *
 * @param runId the run whose audit row gets them
 * @param archiveLocation {@code file:<path of the run's file>} or {@code table:<name>}
 * @param archiveRecords rows of the run in the archive
 * @param archiveSha256 the file's SHA-256, once the run finished it
 * @param note what to know about the run, e.g. that it stopped at its time budget
 * @param recordsLeft expired rows the run did not delete (non-zero after a time budget stop)
 */
public record ArchiveAuditRow(
    String runId,
    String archiveLocation,
    Long archiveRecords,
    String archiveSha256,
    String note,
    Long recordsLeft) {}
