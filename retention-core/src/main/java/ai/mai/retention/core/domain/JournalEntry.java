package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One row of the audit table {@code processed_generation_cleanup_log}. Rows written by the Python
 * service have no run id, trigger, status, batch count or policy: those are null.
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
    String retentionPolicy) {}
