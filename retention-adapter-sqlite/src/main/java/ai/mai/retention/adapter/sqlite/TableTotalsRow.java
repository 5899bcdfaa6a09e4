package ai.mai.retention.adapter.sqlite;

/** {@code count(*)} and {@code max(processed_at)} of the target table; newest is null if empty. */
record TableTotalsRow(long records, Long newestProcessedAt) {}
