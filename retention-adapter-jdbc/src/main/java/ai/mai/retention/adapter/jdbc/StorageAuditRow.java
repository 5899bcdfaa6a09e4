package ai.mai.retention.adapter.jdbc;

/**
 * The storage columns of one audit row (migration V6), all nullable: rows of runs that measured
 * nothing, and the Python service's rows, keep NULL there.
 *
 * @param runId the run whose audit row gets them
 * @param storageBytesBefore what the table (PostgreSQL) or the file (SQLite) took before the run
 * @param storageBytesAfter the same after the run, and after the vacuum if one ran
 * @param vacuumBytesReturned bytes the vacuum gave back; null when none was asked for
 * @param vacuumSeconds how long the vacuum took; null when none was asked for
 * @param storageDetails JSON of everything measured (see {@link StorageAudit#json})
 */
public record StorageAuditRow(
    String runId,
    Long storageBytesBefore,
    Long storageBytesAfter,
    Long vacuumBytesReturned,
    Double vacuumSeconds,
    String storageDetails) {}
