package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of the audit table {@code processed_generation_cleanup_log}. Rows written by the Python
 * service have no run id, trigger, status, batch count, policy or count of rows outside the sums
 * ({@code recordsNotSummed}: deleted rows whose cost or tokens were not a finite number): those are
 * null. So are, on rows from before migration V7 or of runs without them, where the run's archive
 * went ({@code archiveLocation}, {@code archiveRecords}), its {@code note} and the expired rows it
 * left ({@code recordsLeft}, after a run stopped at its time budget).
 */
public record JournalEntry(
    long id,
    LocalDate cleanupDate,
    LocalDate cutoffDate,
    Integer daysRetained,
    Long recordsBefore,
    Long recordsDeleted,
    Long recordsRemaining,
    Long tokensRemoved,
    BigDecimal costRemoved,
    Double storageSavedKb,
    Double durationSeconds,
    boolean success,
    String errorMessage,
    Instant createdAt,
    String runId,
    String trigger,
    String status,
    Integer batches,
    String retentionPolicy,
    Long recordsNotSummed,
    String archiveLocation,
    Long archiveRecords,
    String note,
    Long recordsLeft) {

  /** An entry without the archive, note and rows left (a row from before migration V7). */
  public JournalEntry(
      long id,
      LocalDate cleanupDate,
      LocalDate cutoffDate,
      Integer daysRetained,
      Long recordsBefore,
      Long recordsDeleted,
      Long recordsRemaining,
      Long tokensRemoved,
      BigDecimal costRemoved,
      Double storageSavedKb,
      Double durationSeconds,
      boolean success,
      String errorMessage,
      Instant createdAt,
      String runId,
      String trigger,
      String status,
      Integer batches,
      String retentionPolicy,
      Long recordsNotSummed) {
    this(
        id,
        cleanupDate,
        cutoffDate,
        daysRetained,
        recordsBefore,
        recordsDeleted,
        recordsRemaining,
        tokensRemoved,
        costRemoved,
        storageSavedKb,
        durationSeconds,
        success,
        errorMessage,
        createdAt,
        runId,
        trigger,
        status,
        batches,
        retentionPolicy,
        recordsNotSummed,
        null,
        null,
        null,
        null);
  }

  /** An entry without a count of rows outside the sums (a legacy row, or one from before it). */
  public JournalEntry(
      long id,
      LocalDate cleanupDate,
      LocalDate cutoffDate,
      Integer daysRetained,
      Long recordsBefore,
      Long recordsDeleted,
      Long recordsRemaining,
      Long tokensRemoved,
      BigDecimal costRemoved,
      Double storageSavedKb,
      Double durationSeconds,
      boolean success,
      String errorMessage,
      Instant createdAt,
      String runId,
      String trigger,
      String status,
      Integer batches,
      String retentionPolicy) {
    this(
        id,
        cleanupDate,
        cutoffDate,
        daysRetained,
        recordsBefore,
        recordsDeleted,
        recordsRemaining,
        tokensRemoved,
        costRemoved,
        storageSavedKb,
        durationSeconds,
        success,
        errorMessage,
        createdAt,
        runId,
        trigger,
        status,
        batches,
        retentionPolicy,
        (Long) null);
  }
}
