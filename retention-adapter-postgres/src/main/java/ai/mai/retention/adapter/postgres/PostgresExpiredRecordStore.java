package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.RunMarkers;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The target table on PostgreSQL. Every batch is one statement in its own short transaction: it
 * deletes at most {@code batchSize} expired rows and returns, through {@code DELETE ... RETURNING}
 * in a CTE, the server's per-organization sums of exactly the rows it deleted. Only those sums
 * cross the wire, so memory stays constant whatever the table's size.
 *
 * <p>Two ways through the table (see {@link SweepStrategy}); {@link SweepStrategy#AUTO} picks per
 * run: {@link SweepStrategy#KEYSET} when less than {@link #KEYSET_BELOW_EXPIRED_FRACTION} of the
 * table is expired and an index leads with {@code processed_at}, else {@link
 * SweepStrategy#BLOCK_RANGE} (PostgreSQL 14+; older servers always use the keyset).
 */
public final class PostgresExpiredRecordStore implements ExpiredRecordStore {

  /**
   * Below this share of expired rows a keyset walk over the {@code processed_at} index reads less
   * than a walk over every heap block. Measured with PostgresSweepBenchmark on 2M rows in random
   * time order (the worst layout for the index): keyset 0.21 s vs block range 0.56 s at 1%, even at
   * 2%, block range 10% ahead at 3%, and 20% ahead at 5%. Real tables are appended in time order,
   * where the index walk only gets cheaper, so the tie goes to the keyset.
   */
  public static final double KEYSET_BELOW_EXPIRED_FRACTION = 0.03;

  /** TID Range Scans arrived in PostgreSQL 14. */
  static final int TID_RANGE_SCAN_SINCE = 140_000;

  /** SQLSTATE lock_not_available: a statement gave up waiting at {@code lock_timeout}. */
  static final String LOCK_NOT_AVAILABLE = "55P03";

  private final SqlSessionFactory sessions;
  private final TableName table;
  private final int defaultBatchSize;
  private final SweepStrategy strategy;
  private final Duration lockWait;

  public PostgresExpiredRecordStore(SqlSessionFactory sessions, PostgresSettings settings) {
    if (sessions == null || settings == null) {
      throw new IllegalArgumentException("sessions and settings are required");
    }
    this.sessions = sessions;
    this.table = settings.table();
    this.defaultBatchSize = settings.batchSize();
    this.strategy = settings.sweepStrategy();
    this.lockWait = settings.lockWait();
  }

  @Override
  public TableSnapshot inspect(CleanupCriteria criteria) {
    // One repeatable-read transaction: the count and the expired rows come from one snapshot.
    try (SqlSession session = sessions.openSession(false)) {
      ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
      mapper.beginSnapshot();
      mapper.limitLockWait(lockTimeout(lockWait));
      Long newest = mapper.selectNewestProcessedAt(table.value());
      CriteriaParameters parameters = new CriteriaParameters(table, criteria);
      long held = parameters.isAnyHeld() ? mapper.countHeld(parameters) : 0;
      OrganizationBreakdown expired = breakdown(mapper.selectExpiredTotals(parameters));
      // Last: its planner settings last until the end of the transaction.
      mapper.prepareCount();
      long records = mapper.countRecords(table.value());
      session.commit(true);
      return new TableSnapshot(
          records, held, expired, newest == null ? OptionalLong.empty() : OptionalLong.of(newest));
    } catch (RuntimeException failure) {
      throw explainLockWait(failure, "inspecting " + table.value(), lockWait);
    }
  }

  @Override
  public long countRecords() {
    try (SqlSession session = sessions.openSession(false)) {
      ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
      mapper.limitLockWait(lockTimeout(lockWait));
      mapper.prepareCount();
      long records = mapper.countRecords(table.value());
      session.commit(true);
      return records;
    } catch (RuntimeException failure) {
      throw explainLockWait(failure, "counting " + table.value(), lockWait);
    }
  }

  static String lockTimeout(Duration wait) {
    return wait.toMillis() + "ms";
  }

  /**
   * A statement that gave up at {@code lock_timeout} gets a message that says it waited on another
   * session's lock and that its transaction was rolled back; anything else passes unchanged.
   */
  static RuntimeException explainLockWait(RuntimeException failure, String what, Duration wait) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
        return new IllegalStateException(
            what
                + " waited more than "
                + wait.toMillis()
                + " ms for a lock another session holds (lock_timeout); that statement was"
                + " rolled back. Look for long or idle-in-transaction sessions on the table.",
            failure);
      }
    }
    return failure;
  }

  @Override
  public Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint) {
    int size =
        batchSize == null || batchSize.isEmpty()
            ? defaultBatchSize
            : PostgresSettings.requireBatchSize(batchSize.getAsInt());
    SqlSession session = sessions.openSession(false);
    try {
      TableLayoutRow layout =
          session.getMapper(ExpiredRecordMapper.class).selectLayout(table.value());
      session.commit(true);
      SweepStrategy chosen = choose(strategy, snapshot, layout);
      PostgresSweep sweep =
          chosen == SweepStrategy.KEYSET
              ? new KeysetSweep(session, table, criteria, size, lockWait)
              : new BlockRangeSweep(
                  session,
                  table,
                  criteria,
                  size,
                  lockWait,
                  layout.blocks(),
                  snapshot.expiredRecords());
      sweep.checkpoint = checkpoint == null ? BatchCheckpoint.NONE : checkpoint;
      return sweep;
    } catch (RuntimeException failure) {
      session.close();
      throw failure;
    }
  }

  /** The strategy for one run; never {@link SweepStrategy#AUTO}. */
  static SweepStrategy choose(
      SweepStrategy configured, TableSnapshot snapshot, TableLayoutRow layout) {
    boolean tidRangeScans = layout.serverVersion() >= TID_RANGE_SCAN_SINCE;
    if (!tidRangeScans) {
      // Without TID Range Scans every block-range batch would read the whole table.
      return SweepStrategy.KEYSET;
    }
    return switch (configured) {
      case KEYSET, BLOCK_RANGE -> configured;
      case AUTO ->
          layout.processedAtIndexed() && snapshot.expiredFraction() < KEYSET_BELOW_EXPIRED_FRACTION
              ? SweepStrategy.KEYSET
              : SweepStrategy.BLOCK_RANGE;
    };
  }

  static OrganizationBreakdown breakdown(List<OrganizationTotalsRow> rows) {
    OrganizationBreakdown.Builder builder = OrganizationBreakdown.builder();
    for (OrganizationTotalsRow row : rows) {
      builder.add(
          row.clientOrgId(), new OrganizationTotals(row.records(), row.tokens(), row.cost()));
    }
    return builder.build();
  }

  /**
   * One connection for the whole sweep (batches do not queue for a pool); every batch commits, so
   * nothing is held between batches.
   */
  private abstract static class PostgresSweep implements Sweep {
    final SqlSession session;
    final TableName table;
    final CleanupCriteria criteria;
    final int batchSize;
    final Duration lockWait;
    BatchCheckpoint checkpoint = BatchCheckpoint.NONE;
    boolean done;

    PostgresSweep(
        SqlSession session,
        TableName table,
        CleanupCriteria criteria,
        int batchSize,
        Duration lockWait) {
      this.session = session;
      this.table = table;
      this.criteria = criteria;
      this.batchSize = batchSize;
      this.lockWait = lockWait;
    }

    @Override
    public final Optional<OrganizationBreakdown> deleteNextBatch() {
      if (done) {
        return Optional.empty();
      }
      try {
        ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
        beginBatch(mapper);
        Optional<OrganizationBreakdown> deleted = deleteOne(mapper);
        // The run's marker counts this batch in the same transaction as its delete.
        deleted
            .flatMap(checkpoint::progressWith)
            .ifPresent(progress -> RunMarkers.checkpoint(session, progress));
        session.commit(true);
        return deleted;
      } catch (RuntimeException failure) {
        done = true;
        try {
          session.rollback(true);
        } catch (RuntimeException rollbackFailure) {
          failure.addSuppressed(rollbackFailure);
        }
        throw explainLockWait(failure, "a delete batch on " + table.value(), lockWait);
      }
    }

    /** First statement of each batch's transaction (and again after a rollback within it). */
    final void beginBatch(ExpiredRecordMapper mapper) {
      mapper.limitLockWait(lockTimeout(lockWait));
    }

    /** Runs one batch inside the open transaction; empty when the sweep is over. */
    abstract Optional<OrganizationBreakdown> deleteOne(ExpiredRecordMapper mapper);

    @Override
    public int batchSize() {
      return batchSize;
    }

    @Override
    public void close() {
      session.close();
    }
  }

  /**
   * Walks the heap in physical order, {@code blocksPerBatch} blocks at a time, up to the size the
   * heap had when the sweep opened (rows inserted later land in new blocks and are newer anyway).
   *
   * <p>The batch size stays a number of rows. A range is sized so that its expected expired rows
   * are {@link #FILL} of a batch: from the snapshot's expired rows per block at first, then from
   * what the previous range held. Its rows are deleted by one statement without a row limit (a
   * limit costs about 15%). If the range held more than a batch after all, that statement is rolled
   * back and the range is taken with a capped statement instead, which deletes at most a batch and
   * leaves the rest to the next, smaller ranges. Ranges with nothing expired double in size, up to
   * {@link #MAX_BLOCKS_PER_BATCH} (128 MiB of 8 KiB blocks), which bounds a batch's time where
   * nothing is expired.
   */
  static final class BlockRangeSweep extends PostgresSweep {
    static final double FILL = 0.8;
    static final long MAX_BLOCKS_PER_BATCH = 16_384;

    private final long endBlock;
    private long nextBlock;
    private long blocksPerBatch;

    BlockRangeSweep(
        SqlSession session,
        TableName table,
        CleanupCriteria criteria,
        int batchSize,
        Duration lockWait,
        long blocks,
        long expiredRecords) {
      super(session, table, criteria, batchSize, lockWait);
      this.endBlock = Math.min(blocks, BlockRangeBatch.MAX_BLOCK);
      this.blocksPerBatch = initialBlocks(batchSize, blocks, expiredRecords);
      this.done = endBlock == 0;
    }

    static long initialBlocks(int batchSize, long blocks, long expiredRecords) {
      if (blocks <= 0) {
        return 1;
      }
      double expiredPerBlock = Math.max(expiredRecords, 1) / (double) blocks;
      return clamp((long) Math.floor(FILL * batchSize / expiredPerBlock));
    }

    @Override
    Optional<OrganizationBreakdown> deleteOne(ExpiredRecordMapper mapper) {
      if (nextBlock >= endBlock) {
        done = true;
        return Optional.empty();
      }
      long from = nextBlock;
      long to = Math.min(endBlock, from + blocksPerBatch);
      BlockRangeBatch range = new BlockRangeBatch(table, criteria, batchSize, from, to);
      mapper.prepareBlockRangeBatch();
      OrganizationBreakdown deleted = breakdown(mapper.deleteBlockRange(range));
      long rows = deleted.records();
      if (rows == 0) {
        nextBlock = to;
        blocksPerBatch = clamp(blocksPerBatch * 2);
        return Optional.of(deleted);
      }
      blocksPerBatch = clamp((long) Math.floor(FILL * batchSize * (to - from) / rows));
      if (rows <= batchSize) {
        nextBlock = to;
        return Optional.of(deleted);
      }
      // More than a batch: undo, delete a batch's worth, and come back for the rest.
      session.rollback(true);
      beginBatch(mapper);
      mapper.prepareBlockRangeBatch();
      deleted = breakdown(mapper.deleteBlockRangeCapped(range));
      if (deleted.records() < batchSize) {
        nextBlock = to;
      }
      return Optional.of(deleted);
    }

    private static long clamp(long blocks) {
      return Math.max(1, Math.min(MAX_BLOCKS_PER_BATCH, blocks));
    }
  }

  /**
   * Walks the {@code processed_at} index from the oldest expired row on. Each batch starts at the
   * newest {@code processed_at} the previous one deleted (inclusive, so rows sharing that second
   * are not skipped), so no batch walks again over the index entries of rows already deleted.
   */
  static final class KeysetSweep extends PostgresSweep {
    private Long fromProcessedAt;

    KeysetSweep(
        SqlSession session,
        TableName table,
        CleanupCriteria criteria,
        int batchSize,
        Duration lockWait) {
      super(session, table, criteria, batchSize, lockWait);
    }

    @Override
    Optional<OrganizationBreakdown> deleteOne(ExpiredRecordMapper mapper) {
      mapper.prepareKeysetBatch();
      List<OrganizationTotalsRow> rows =
          mapper.deleteKeyset(new KeysetBatch(table, criteria, batchSize, fromProcessedAt));
      OrganizationBreakdown deleted = breakdown(rows);
      for (OrganizationTotalsRow row : rows) {
        if (row.newestProcessedAt() != null
            && (fromProcessedAt == null || row.newestProcessedAt() > fromProcessedAt)) {
          fromProcessedAt = row.newestProcessedAt();
        }
      }
      if (deleted.records() < batchSize) {
        // Fewer than asked for: nothing expired is left after this batch.
        done = true;
      }
      return deleted.isEmpty() ? Optional.empty() : Optional.of(deleted);
    }
  }
}
