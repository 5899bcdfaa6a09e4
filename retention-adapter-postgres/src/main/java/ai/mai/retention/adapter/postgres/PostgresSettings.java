package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.BatchSizes;
import ai.mai.retention.adapter.jdbc.TableName;
import java.util.OptionalInt;

/**
 * How the PostgreSQL adapter works on one database.
 *
 * @param table the table to clean
 * @param defaultBatchSize rows per delete batch when a run does not ask for a size; empty: {@link
 *     #DEFAULT_BATCH_SIZE}
 * @param sweepStrategy how batches walk the table; {@link SweepStrategy#AUTO} chooses per run
 */
public record PostgresSettings(
    TableName table, OptionalInt defaultBatchSize, SweepStrategy sweepStrategy) {

  /**
   * Chosen by the benchmark (PostgresSweepBenchmark, 1M of 2M rows expired): 3.2 s with 20,000
   * against 3.1 to 4.8 s with 5,000 (252 batches) and 3.6 s with 50,000, in batches of about 150
   * ms.
   */
  public static final int DEFAULT_BATCH_SIZE = 20_000;

  public static final int MAX_BATCH_SIZE = BatchSizes.MAX;

  public PostgresSettings {
    if (table == null) {
      table = TableName.DEFAULT;
    }
    if (defaultBatchSize == null) {
      defaultBatchSize = OptionalInt.empty();
    }
    defaultBatchSize.ifPresent(PostgresSettings::requireBatchSize);
    if (sweepStrategy == null) {
      sweepStrategy = SweepStrategy.AUTO;
    }
  }

  /** The default table, the measured batch size, the strategy chosen per run. */
  public static PostgresSettings defaults() {
    return new PostgresSettings(TableName.DEFAULT, OptionalInt.empty(), SweepStrategy.AUTO);
  }

  public PostgresSettings withTable(TableName newTable) {
    return new PostgresSettings(newTable, defaultBatchSize, sweepStrategy);
  }

  public PostgresSettings withDefaultBatchSize(int size) {
    return new PostgresSettings(table, OptionalInt.of(size), sweepStrategy);
  }

  public PostgresSettings withSweepStrategy(SweepStrategy strategy) {
    return new PostgresSettings(table, defaultBatchSize, strategy);
  }

  public int batchSize() {
    return defaultBatchSize.orElse(DEFAULT_BATCH_SIZE);
  }

  static int requireBatchSize(int size) {
    return BatchSizes.require(size);
  }
}
