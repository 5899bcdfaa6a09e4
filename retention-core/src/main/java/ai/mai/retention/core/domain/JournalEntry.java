package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One row of the audit table {@code processed_generation_cleanup_log}. Rows written by the Python
 * service have no run id, trigger, status, batch count, policy or count of rows outside the sums
 * ({@code recordsNotSummed}: deleted rows whose cost or tokens were not a finite number): those are
 * null. So are, on rows from before migration V7 or of runs without them, where the run's archive
 * went ({@code archiveLocation}, {@code archiveRecords}), its {@code note} and the expired rows it
 * left ({@code recordsLeft}, after a run stopped at its time budget). {@code storage} is what the
 * run measured of the table's space (migration V6's columns), as its report had it; empty on rows
 * of runs that measured nothing (previews are never rows; skipped and interrupted runs, rows from
 * before V6, the Python service's rows).
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
    Long recordsLeft,
    Optional<StorageReport> storage) {

  public JournalEntry {
    storage = storage == null ? Optional.empty() : storage;
  }

  /**
   * An entry of the audit table's original columns only: no count of rows outside the sums, no
   * archive, note, rows left or storage (the shape of a row from before migrations V5 to V7).
   */
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
        null,
        null,
        null,
        null,
        null,
        Optional.empty());
  }
}
