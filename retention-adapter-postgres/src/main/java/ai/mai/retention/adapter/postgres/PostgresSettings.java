package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.BatchSizes;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.Durations;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * How the PostgreSQL adapter works on one database.
 *
 * @param table the table to clean
 * @param defaultBatchSize rows per delete batch when a run does not ask for a size; empty: {@link
 *     #DEFAULT_BATCH_SIZE}
 * @param sweepStrategy how batches walk the table; {@link SweepStrategy#AUTO} chooses per run
 * @param lockWait how long one statement may wait for a lock another session holds ({@code
 *     lock_timeout}, set per transaction); null: {@link #DEFAULT_LOCK_WAIT}
 * @param statementTimeout how long one statement of the library may run ({@code statement_timeout},
 *     set per transaction); null: {@link #DEFAULT_STATEMENT_TIMEOUT}
 */
public record PostgresSettings(
    TableName table,
    OptionalInt defaultBatchSize,
    SweepStrategy sweepStrategy,
    Duration lockWait,
    Duration statementTimeout) {

  /**
   * Chosen by the benchmark (PostgresSweepBenchmark, 1M of 2M rows expired): 3.2 s with 20,000
   * against 3.1 to 4.8 s with 5,000 (252 batches) and 3.6 s with 50,000, in batches of about 150
   * ms.
   */
  public static final int DEFAULT_BATCH_SIZE = 20_000;

  public static final int MAX_BATCH_SIZE = BatchSizes.MAX;

  /**
   * A delete waiting on a row lock (say, a host session left idle in a transaction) holds its table
   * lock all the while, and a host's {@code ALTER TABLE} would queue behind it, and every query
   * behind that. So a batch gives up after this long; the run fails, is journaled, and the next run
   * tries again. The same as SQLite's busy timeout.
   */
  public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(10);

  public static final Duration MAX_LOCK_WAIT = Duration.ofHours(1);

  /**
   * No statement of the library may run unbounded. The longest legitimate ones are the counts and
   * the inspection over the whole table (about 1 s on 2M rows here), so five minutes leaves room
   * for tables a hundred times larger while still ending a statement that has gone wrong.
   */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofMinutes(5);

  public static final Duration MAX_STATEMENT_TIMEOUT = Duration.ofHours(24);

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
    if (lockWait == null) {
      lockWait = DEFAULT_LOCK_WAIT;
    }
    if (lockWait.toMillis() < 1 || lockWait.compareTo(MAX_LOCK_WAIT) > 0) {
      throw new IllegalArgumentException(
          "lock wait must be between 1ms and "
              + Durations.text(MAX_LOCK_WAIT)
              + ", got "
              + Durations.text(lockWait));
    }
    if (statementTimeout == null) {
      statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    }
    if (statementTimeout.toMillis() < 1 || statementTimeout.compareTo(MAX_STATEMENT_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "statement timeout must be between 1ms and "
              + Durations.text(MAX_STATEMENT_TIMEOUT)
              + ", got "
              + Durations.text(statementTimeout));
    }
  }

  /**
   * The default table, the measured batch size, the strategy chosen per run, a 10 s lock wait and a
   * 5 minute statement timeout.
   */
  public static PostgresSettings defaults() {
    return new PostgresSettings(
        TableName.DEFAULT,
        OptionalInt.empty(),
        SweepStrategy.AUTO,
        DEFAULT_LOCK_WAIT,
        DEFAULT_STATEMENT_TIMEOUT);
  }

  public PostgresSettings withTable(TableName newTable) {
    return new PostgresSettings(
        newTable, defaultBatchSize, sweepStrategy, lockWait, statementTimeout);
  }

  public PostgresSettings withDefaultBatchSize(int size) {
    return new PostgresSettings(
        table, OptionalInt.of(size), sweepStrategy, lockWait, statementTimeout);
  }

  public PostgresSettings withSweepStrategy(SweepStrategy strategy) {
    return new PostgresSettings(table, defaultBatchSize, strategy, lockWait, statementTimeout);
  }

  public PostgresSettings withLockWait(Duration wait) {
    return new PostgresSettings(table, defaultBatchSize, sweepStrategy, wait, statementTimeout);
  }

  public PostgresSettings withStatementTimeout(Duration timeout) {
    return new PostgresSettings(table, defaultBatchSize, sweepStrategy, lockWait, timeout);
  }

  public int batchSize() {
    return defaultBatchSize.orElse(DEFAULT_BATCH_SIZE);
  }

  static int requireBatchSize(int size) {
    return BatchSizes.require(size);
  }
}
