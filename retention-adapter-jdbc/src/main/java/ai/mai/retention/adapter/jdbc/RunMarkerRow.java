package ai.mai.retention.adapter.jdbc;

import java.time.LocalDate;

/**
 * One row of {@code retention_run}: a real run in flight and its last checkpoint. Times are epoch
 * milliseconds, so that an interrupted run's duration keeps its fraction of a second.
 */
public record RunMarkerRow(
    String runId,
    String trigger,
    long startedAt,
    long updatedAt,
    int daysRetained,
    LocalDate cutoffDate,
    long recordsBefore,
    long recordsDeleted,
    long tokens,
    String cost,
    int batches,
    String retentionPolicy,
    String organizationBreakdown,
    long recordsNotSummed,
    String archiveLocation,
    Long archiveRecords) {}
