package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.TableName;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * How the SQLite adapter works on one database.
 *
 * @param table the table to clean
 * @param clock time for lock leases
 * @param defaultBatchSize rows per delete batch when a run does not ask for a size; empty: {@link
 *     #DEFAULT_BATCH_SIZE}
 * @param lockLease how long the run lock stays taken without a renewal (renewed after every batch)
 */
public record SqliteSettings(
    TableName table, Clock clock, OptionalInt defaultBatchSize, Duration lockLease) {

  /**
   * Chosen by the benchmark (see SqliteSweepBenchmark): the size whose write lock stays well under
   * 250 ms on a 2M-row table with random text ids, with a total time close to one DELETE.
   */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  public static final int MAX_BATCH_SIZE = 1_000_000;

  public static final Duration DEFAULT_LOCK_LEASE = Duration.ofMinutes(10);

  public SqliteSettings {
    if (table == null) {
      table = TableName.DEFAULT;
    }
    if (clock == null) {
      clock = Clock.systemUTC();
    }
    if (defaultBatchSize == null) {
      defaultBatchSize = OptionalInt.empty();
    }
    defaultBatchSize.ifPresent(SqliteSettings::requireBatchSize);
    if (lockLease == null) {
      lockLease = DEFAULT_LOCK_LEASE;
    }
    if (lockLease.isNegative() || lockLease.isZero()) {
      throw new IllegalArgumentException("lock lease must be positive, got " + lockLease);
    }
  }

  /** The default table, the system clock, the measured batch size, a ten-minute lease. */
  public static SqliteSettings defaults() {
    return new SqliteSettings(TableName.DEFAULT, Clock.systemUTC(), OptionalInt.empty(), null);
  }

  public SqliteSettings withTable(TableName newTable) {
    return new SqliteSettings(newTable, clock, defaultBatchSize, lockLease);
  }

  public SqliteSettings withClock(Clock newClock) {
    return new SqliteSettings(table, newClock, defaultBatchSize, lockLease);
  }

  public SqliteSettings withDefaultBatchSize(int size) {
    return new SqliteSettings(table, clock, OptionalInt.of(size), lockLease);
  }

  public int batchSize() {
    return defaultBatchSize.orElse(DEFAULT_BATCH_SIZE);
  }

  static int requireBatchSize(int size) {
    if (size < 1 || size > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "batch size must be between 1 and " + MAX_BATCH_SIZE + ", got " + size);
    }
    return size;
  }
}
