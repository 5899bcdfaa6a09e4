package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.BatchSizes;
import ai.mai.retention.adapter.jdbc.TableName;
import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * How the SQLite adapter works on one database.
 *
 * @param table the table to clean
 * @param clock time for lock leases
 * @param defaultBatchSize rows of the first delete batch when a run does not ask for a size (later
 *     batches adapt to {@code batchTarget}); empty: {@link #DEFAULT_BATCH_SIZE}
 * @param lockLease how long the run lock stays taken without a renewal (renewed after every batch)
 * @param batchTarget how long one batch should hold SQLite's write lock when the run did not ask
 *     for a fixed size; the size is adapted batch by batch towards it
 * @param pauseBetweenBatches idle time between two batches, so that the host's writers, which retry
 *     a busy database every few to 100 ms, get the lock in between instead of waiting for the whole
 *     sweep; zero for none
 */
public record SqliteSettings(
    TableName table,
    Clock clock,
    OptionalInt defaultBatchSize,
    Duration lockLease,
    Duration batchTarget,
    Duration pauseBetweenBatches) {

  /** The first batch's size; measured with SqliteSweepBenchmark. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  public static final int MAX_BATCH_SIZE = BatchSizes.MAX;

  public static final Duration DEFAULT_LOCK_LEASE = Duration.ofMinutes(10);

  /**
   * About 5,000 rows on the benchmark machine. Longer batches are cheaper per row, but a host
   * writer's busy-handler retries then come 50 to 100 ms apart and miss the pauses: the benchmark
   * measured waits of 1 to 2 s for it at 100 to 150 ms batches, and under 300 ms at this size.
   */
  public static final Duration DEFAULT_BATCH_TARGET = Duration.ofMillis(60);

  /** Long enough to catch a waiting writer's next retry (they come 25 ms apart at first). */
  public static final Duration DEFAULT_PAUSE = Duration.ofMillis(20);

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
    lockLease = positive("lock lease", lockLease, DEFAULT_LOCK_LEASE);
    batchTarget = positive("batch target", batchTarget, DEFAULT_BATCH_TARGET);
    if (pauseBetweenBatches == null) {
      pauseBetweenBatches = DEFAULT_PAUSE;
    }
    if (pauseBetweenBatches.isNegative()) {
      throw new IllegalArgumentException(
          "pause between batches must not be negative, got " + pauseBetweenBatches);
    }
  }

  /** The default table, the system clock, the measured batch pacing, a ten-minute lease. */
  public static SqliteSettings defaults() {
    return new SqliteSettings(
        TableName.DEFAULT, Clock.systemUTC(), OptionalInt.empty(), null, null, null);
  }

  public SqliteSettings withTable(TableName newTable) {
    return new SqliteSettings(
        newTable, clock, defaultBatchSize, lockLease, batchTarget, pauseBetweenBatches);
  }

  public SqliteSettings withClock(Clock newClock) {
    return new SqliteSettings(
        table, newClock, defaultBatchSize, lockLease, batchTarget, pauseBetweenBatches);
  }

  public SqliteSettings withDefaultBatchSize(int size) {
    return new SqliteSettings(
        table, clock, OptionalInt.of(size), lockLease, batchTarget, pauseBetweenBatches);
  }

  public SqliteSettings withBatchPacing(Duration target, Duration pause) {
    return new SqliteSettings(table, clock, defaultBatchSize, lockLease, target, pause);
  }

  public int batchSize() {
    return defaultBatchSize.orElse(DEFAULT_BATCH_SIZE);
  }

  static int requireBatchSize(int size) {
    return BatchSizes.require(size);
  }

  private static Duration positive(String what, Duration value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }
}
