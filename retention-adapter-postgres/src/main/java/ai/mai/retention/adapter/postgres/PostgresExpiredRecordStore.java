package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.ArchiveColumns;
import ai.mai.retention.adapter.jdbc.ArchiveStatement;
import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.adapter.jdbc.RowStreams;
import ai.mai.retention.adapter.jdbc.RunMarkers;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
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

  private static final String MAPPER = ExpiredRecordMapper.class.getName();
  static final String DELETE_BLOCK_RANGE = MAPPER + ".deleteBlockRange";
  static final String DELETE_BLOCK_RANGE_CAPPED = MAPPER + ".deleteBlockRangeCapped";
  static final String DELETE_KEYSET = MAPPER + ".deleteKeyset";

  /** TID Range Scans arrived in PostgreSQL 14. */
  static final int TID_RANGE_SCAN_SINCE = 140_000;

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;
  private final TableName table;
  private final int defaultBatchSize;
  private final SweepStrategy strategy;

  public PostgresExpiredRecordStore(
      SqlSessionFactory sessions, DialectTransactions transactions, PostgresSettings settings) {
    if (sessions == null || transactions == null || settings == null) {
      throw new IllegalArgumentException("sessions, transactions and settings are required");
    }
    this.sessions = sessions;
    this.transactions = transactions;
    this.table = settings.table();
    this.defaultBatchSize = settings.batchSize();
    this.strategy = settings.sweepStrategy();
  }

  @Override
  public TableSnapshot inspect(CleanupCriteria criteria) {
    // One repeatable-read transaction: the count and the expired rows come from one snapshot.
    return transactions.read(
        sessions,
        "inspecting " + table,
        session -> {
          ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
          mapper.exactFloats();
          Long newest = mapper.selectNewestProcessedAt(table.value());
          CriteriaParameters parameters = new CriteriaParameters(table, criteria);
          long held = parameters.isAnyHeld() ? mapper.countHeld(parameters) : 0;
          OrganizationBreakdown expired = breakdown(mapper.selectExpiredTotals(parameters));
          // Last: its planner settings last until the end of the transaction.
          mapper.prepareCount();
          long records = mapper.countRecords(table.value());
          return new TableSnapshot(
              records,
              held,
              expired,
              newest == null ? OptionalLong.empty() : OptionalLong.of(newest));
        });
  }

  @Override
  public long countRecords() {
    return transactions.read(
        sessions,
        "counting " + table,
        session -> {
          ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
          mapper.prepareCount();
          return mapper.countRecords(table.value());
        });
  }

  @Override
  public Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint,
      RowArchive.Writer archive) {
    int size =
        batchSize == null || batchSize.isEmpty()
            ? defaultBatchSize
            : PostgresSettings.requireBatchSize(batchSize.getAsInt());
    SqlSession session = transactions.openSession(sessions);
    try {
      TableLayoutRow layout =
          transactions.read(
              session,
              "reading the layout of " + table,
              s -> s.getMapper(ExpiredRecordMapper.class).selectLayout(table.value()));
      SweepStrategy chosen = choose(strategy, snapshot, layout);
      // The catalog is read in a bounded transaction of its own, as the layout is: on this
      // session outside one it would open an implicit transaction the first batch then runs in.
      ArchiveStatement archiveStatement =
          ArchiveStatement.keeps(archive)
              ? transactions.read(
                  session, "reading the columns of " + table, s -> archiveStatement(s, archive))
              : null;
      Batches batches =
          new Batches(
              transactions,
              session,
              new CriteriaParameters(table, criteria).withArchive(archiveStatement),
              size,
              checkpoint == null ? BatchCheckpoint.NONE : checkpoint,
              archiveStatement);
      return chosen == SweepStrategy.KEYSET
          ? new KeysetSweep(batches)
          : new BlockRangeSweep(batches, layout.blocks(), snapshot.expiredRecords());
    } catch (RuntimeException failure) {
      session.close();
      throw failure;
    }
  }

  /**
   * The target's columns and how the batches keep them, read once for the sweep: into the archive
   * table, or each column as its text for the file ({@code ::text} prints floats in their shortest
   * exact form under the batch's {@code extra_float_digits = 3}, dates in ISO form).
   */
  private ArchiveStatement archiveStatement(SqlSession session, RowArchive.Writer archive) {
    return ArchiveStatement.forSweep(
        session,
        table,
        archive,
        columns -> ArchiveColumns.quotedList(columns, "deleted.", "::text"));
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

  /** A token sum past this no {@code long} holds: its rows are counted outside the sums. */
  private static final BigDecimal MAX_TOKENS = BigDecimal.valueOf(Long.MAX_VALUE);

  static OrganizationBreakdown breakdown(List<OrganizationTotalsRow> rows) {
    OrganizationBreakdown.Builder builder = OrganizationBreakdown.builder();
    for (OrganizationTotalsRow row : rows) {
      BigDecimal tokens = row.tokens() == null ? BigDecimal.ZERO : row.tokens();
      OrganizationTotals totals =
          tokens.compareTo(MAX_TOKENS) > 0
              // Past 2^63 - 1 tokens in one statement (a BIGINT column of garbage): this
              // organization's rows of the batch all stay out of the sums, and say so.
              ? new OrganizationTotals(row.records(), 0, BigDecimal.ZERO, row.records())
              : new OrganizationTotals(
                  row.records(), tokens.longValueExact(), row.cost(), row.notSummed());
      builder.add(row.clientOrgId(), totals);
      builder.example(row.notSummedFirst());
      if (row.notSummedLast() != null && !row.notSummedLast().equals(row.notSummedFirst())) {
        builder.example(row.notSummedLast());
      }
    }
    return builder.build();
  }

  /**
   * What every batch of a sweep shares: one connection for the whole sweep (batches do not queue
   * for a pool), and one transaction per batch that deletes and writes the run's checkpoint, so
   * nothing is held between batches.
   */
  record Batches(
      DialectTransactions transactions,
      SqlSession session,
      CriteriaParameters policy,
      int batchSize,
      BatchCheckpoint checkpoint,
      ArchiveStatement archiveStatement) {

    /** Whether the batches' rows come back to be written to an archive file. */
    boolean archivesToFile() {
      return archiveStatement != null && archiveStatement.toFile();
    }

    /**
     * One transaction: the delete {@code statement} runs (after {@code prepare}, for its planner
     * settings), then the run's marker counts what it deleted, then both commit.
     *
     * @param maxRows more deleted rows than this roll the transaction back with {@link TooManyRows}
     * @param emptyIsABatch whether a statement that deleted nothing still counts as a batch (and
     *     writes its checkpoint), as an empty block range does
     */
    Deleted delete(
        Consumer<ExpiredRecordMapper> prepare,
        String statement,
        CriteriaParameters parameters,
        long maxRows,
        boolean emptyIsABatch) {
      return transactions.write(
          session,
          "a delete batch on " + policy.tableName(),
          s -> {
            ExpiredRecordMapper mapper = s.getMapper(ExpiredRecordMapper.class);
            prepare.accept(mapper);
            List<OrganizationTotalsRow> rows =
                archivesToFile()
                    ? deleteIntoFile(s, statement, parameters, maxRows)
                    : s.selectList(statement, parameters);
            OrganizationBreakdown deleted = breakdown(rows);
            if (deleted.records() > maxRows) {
              throw new TooManyRows(deleted.records());
            }
            if (emptyIsABatch || !deleted.isEmpty()) {
              checkpoint.progressWith(deleted).ifPresent(p -> RunMarkers.checkpoint(s, p));
            }
            if (archiveStatement != null) {
              archiveStatement.beforeCommit();
            }
            return new Deleted(deleted, newestProcessedAt(rows));
          });
    }

    private static Long newestProcessedAt(List<OrganizationTotalsRow> rows) {
      Long newest = null;
      for (OrganizationTotalsRow row : rows) {
        if (row.newestProcessedAt() != null
            && (newest == null || row.newestProcessedAt() > newest)) {
          newest = row.newestProcessedAt();
        }
      }
      return newest;
    }

    /**
     * Runs a delete statement in its file-archive form: the per-organization sums come back as
     * before, and after them every deleted row as an array of its columns' text, which goes to the
     * archive file. A statement that deleted more than {@code maxRows} (its sums say so before the
     * first row) is given up before any row is read, compressed and written only to be cut off.
     */
    private List<OrganizationTotalsRow> deleteIntoFile(
        SqlSession s, String statement, CriteriaParameters parameters, long maxRows) {
      RowArchive.RowSink file = archiveStatement.startBatch();
      List<OrganizationTotalsRow> totals = new ArrayList<>();
      boolean[] sumsChecked = {false};
      RowStreams.forEachRow(
          s,
          statement,
          parameters,
          ARCHIVE_FETCH_SIZE,
          row -> {
            java.sql.Array values = row.getArray(ARCHIVED_COLUMN);
            if (values == null) {
              totals.add(totalsRow(row));
              return;
            }
            if (!sumsChecked[0]) {
              sumsChecked[0] = true;
              long deleted = totals.stream().mapToLong(OrganizationTotalsRow::records).sum();
              if (deleted > maxRows) {
                throw new TooManyRows(deleted);
              }
            }
            file.row((String[]) values.getArray());
          });
      return totals;
    }
  }

  /**
   * What one batch deleted, per organization, and the newest {@code processed_at} among its rows
   * (null when it deleted none, or the statement does not return it).
   */
  record Deleted(OrganizationBreakdown breakdown, Long newestProcessedAt) {}

  /** Where a file-archive statement's rows carry a deleted row's columns (1-based). */
  static final int ARCHIVED_COLUMN = 10;

  /** Deleted rows per round trip of a file-archive statement. */
  static final int ARCHIVE_FETCH_SIZE = 2_000;

  /** The sums of a file-archive statement's result, read by position as the totals map reads. */
  private static OrganizationTotalsRow totalsRow(java.sql.ResultSet row) throws SQLException {
    long newest = row.getLong(9);
    return new OrganizationTotalsRow(
        row.getString(1),
        row.getLong(2),
        row.getBigDecimal(3),
        row.getBigDecimal(4),
        row.getBigDecimal(5),
        row.getLong(6),
        row.getString(7),
        row.getString(8),
        row.wasNull() ? null : newest);
  }

  /** A block range held more than a batch: its transaction is rolled back. */
  static final class TooManyRows extends RuntimeException {
    final long rows;

    TooManyRows(long rows) {
      super(rows + " rows in one range", null, false, false);
      this.rows = rows;
    }
  }

  private abstract static class PostgresSweep implements Sweep {
    final Batches batches;
    boolean done;

    PostgresSweep(Batches batches) {
      this.batches = batches;
    }

    @Override
    public final Optional<OrganizationBreakdown> deleteNextBatch() {
      if (done) {
        return Optional.empty();
      }
      try {
        return deleteOne();
      } catch (RuntimeException failure) {
        done = true;
        throw failure;
      }
    }

    /** Deletes one batch in its own transaction; empty when the sweep is over. */
    abstract Optional<OrganizationBreakdown> deleteOne();

    @Override
    public int batchSize() {
      return batches.batchSize();
    }

    @Override
    public void close() {
      batches.session().close();
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

    BlockRangeSweep(Batches batches, long blocks, long expiredRecords) {
      super(batches);
      this.endBlock = Math.min(blocks, BlockRangeBatch.MAX_BLOCK);
      this.blocksPerBatch = initialBlocks(batches.batchSize(), blocks, expiredRecords);
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
    Optional<OrganizationBreakdown> deleteOne() {
      if (nextBlock >= endBlock) {
        done = true;
        return Optional.empty();
      }
      int batchSize = batches.batchSize();
      long from = nextBlock;
      long to = Math.min(endBlock, from + blocksPerBatch);
      BlockRangeBatch range = new BlockRangeBatch(batches.policy(), batchSize, from, to);
      OrganizationBreakdown deleted;
      try {
        // An empty range is a batch too (the sweep moves on), so its checkpoint is written.
        deleted =
            batches
                .delete(
                    ExpiredRecordMapper::prepareBlockRangeBatch,
                    DELETE_BLOCK_RANGE,
                    range,
                    batchSize,
                    true)
                .breakdown();
      } catch (TooManyRows tooMany) {
        // More than a batch, rolled back: delete a batch's worth, and come back for the rest.
        blocksPerBatch = clamp((long) Math.floor(FILL * batchSize * (to - from) / tooMany.rows));
        deleted =
            batches
                .delete(
                    ExpiredRecordMapper::prepareBlockRangeBatch,
                    DELETE_BLOCK_RANGE_CAPPED,
                    range,
                    Long.MAX_VALUE,
                    true)
                .breakdown();
        if (deleted.records() < batchSize) {
          nextBlock = to;
        }
        return Optional.of(deleted);
      }
      long rows = deleted.records();
      nextBlock = to;
      blocksPerBatch =
          rows == 0
              ? clamp(blocksPerBatch * 2)
              : clamp((long) Math.floor(FILL * batchSize * (to - from) / rows));
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

    KeysetSweep(Batches batches) {
      super(batches);
    }

    @Override
    Optional<OrganizationBreakdown> deleteOne() {
      Deleted batch =
          batches.delete(
              ExpiredRecordMapper::prepareKeysetBatch,
              DELETE_KEYSET,
              new KeysetBatch(batches.policy(), batches.batchSize(), fromProcessedAt),
              Long.MAX_VALUE,
              false);
      OrganizationBreakdown deleted = batch.breakdown();
      if (batch.newestProcessedAt() != null
          && (fromProcessedAt == null || batch.newestProcessedAt() > fromProcessedAt)) {
        fromProcessedAt = batch.newestProcessedAt();
      }
      if (deleted.records() < batches.batchSize()) {
        // Fewer than asked for: nothing expired is left after this batch.
        done = true;
      }
      return deleted.isEmpty() ? Optional.empty() : Optional.of(deleted);
    }
  }
}
