package ai.mai.retention.adapter.jdbc;

/**
 * One row of {@code processed_generation_cleanup_log} as the database holds it. The Python
 * service's columns come as whatever value is there (a legacy row may hold text where a date or a
 * number belongs, or a NaN cost); {@link StoredLogRows} reads them.
 */
record StoredLogRow(
    long id,
    Object cleanupDate,
    Object cutoffDate,
    Object daysRetained,
    Object recordsBefore,
    Object recordsDeleted,
    Object recordsRemaining,
    Object oldTokensRemoved,
    Object oldCostRemoved,
    Object storageSavedKb,
    Object cleanupDurationSeconds,
    Object success,
    String errorMessage,
    Object createdAt,
    String runId,
    String trigger,
    String status,
    Object batches,
    String retentionPolicy,
    Object recordsNotSummed,
    String archiveLocation,
    Object archiveRecords,
    String note,
    Object recordsLeft,
    Object storageBytesBefore,
    Object storageBytesAfter,
    Object vacuumBytesReturned,
    Object vacuumSeconds,
    String storageDetails) {}
