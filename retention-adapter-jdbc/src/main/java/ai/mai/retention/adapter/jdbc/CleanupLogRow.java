package ai.mai.retention.adapter.jdbc;

import java.time.LocalDate;

/**
 * One row of {@code processed_generation_cleanup_log}: the legacy columns the Python service wrote
 * and the nullable ones the migrations added. {@code id} is ignored on insert.
 */
public record CleanupLogRow(
    long id,
    LocalDate cleanupDate,
    LocalDate cutoffDate,
    Integer daysRetained,
    Long recordsBefore,
    Long recordsDeleted,
    Long recordsRemaining,
    Long oldTokensRemoved,
    Double oldCostRemoved,
    Double storageSavedKb,
    Double cleanupDurationSeconds,
    boolean success,
    String errorMessage,
    long createdAt,
    String runId,
    String trigger,
    String status,
    Integer batches,
    String retentionPolicy,
    String organizationBreakdown,
    Long recordsNotSummed) {}
