package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.ArchiveStatement;
import ai.mai.retention.adapter.jdbc.BreakdownTally;
import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.adapter.jdbc.RowStreams;
import ai.mai.retention.adapter.jdbc.RunMarkers;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The target table on SQLite. Each batch deletes the rowids of up to {@code batchSize} expired rows
 * in its own short transaction, so the host's writers wait at most one batch for SQLite's single
 * write lock; {@code RETURNING} hands back exactly what was deleted, summed exactly in Java.
 *
 * <p>A policy that names organizations is loaded once into a temporary table on the connection that
 * uses it (the inspection's, the sweep's) and joined by every statement there; the sweep walks the
 * {@code processed_at} index with a cursor, so its cost grows with the rows it passes once,
 * whatever the policy keeps.
 */
public final class SqliteExpiredRecordStore implements ExpiredRecordStore {

  private static final int INSPECT_FETCH_SIZE = 1_000;

  /** Where a delete batch's returned row has its columns for an archive file (1-based). */
  private static final int FIRST_ARCHIVED_COLUMN = 7;

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;
  private final TableName table;
  private final SqliteSettings settings;

  public SqliteExpiredRecordStore(
      SqlSessionFactory sessions, DialectTransactions transactions, SqliteSettings settings) {
    if (sessions == null || transactions == null || settings == null) {
      throw new IllegalArgumentException("sessions, transactions and settings are required");
    }
    this.sessions = sessions;
    this.transactions = transactions;
    this.settings = settings;
    this.table = settings.table();
  }

  @Override
  public TableSnapshot inspect(CleanupCriteria criteria) {
    CriteriaParameters parameters = new CriteriaParameters(table, criteria);
    try (SqlSession session = transactions.openSession(sessions)) {
      loadPolicy(session, parameters);
      try {
        // One read transaction: the totals and the expired rows come from the same snapshot.
        return transactions.read(
            session,
            "inspecting " + table,
            s -> {
              ExpiredRecordMapper mapper = s.getMapper(ExpiredRecordMapper.class);
              TableTotalsRow totals = mapper.selectTotals(table.value());
              long held = parameters.isAnyHeld() ? mapper.countHeld(parameters) : 0;
              BreakdownTally expired = new BreakdownTally();
              RowStreams.forEachRow(
                  s,
                  ExpiredRecordMapper.SELECT_EXPIRED,
                  parameters,
                  INSPECT_FETCH_SIZE,
                  row -> add(expired, row, 4));
              return new TableSnapshot(
                  totals.records(),
                  held,
                  expired.toBreakdown(),
                  totals.newestProcessedAt() == null
                      ? OptionalLong.empty()
                      : OptionalLong.of(totals.newestProcessedAt()));
            });
      } finally {
        dropPolicy(session, parameters);
      }
    }
  }

  /**
   * Fills the connection's temporary policy table (nothing for a uniform policy). Written in the
   * connection's own temporary database, it takes no lock on the file and needs no write access.
   */
  private static void loadPolicy(SqlSession session, CriteriaParameters parameters) {
    if (parameters.isUniform()) {
      return;
    }
    ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
    mapper.createPolicyTable();
    mapper.clearPolicyTable();
    mapper.fillPolicyTable(parameters);
  }

  /** A pooled or host connection must not keep the policy of a run it no longer serves. */
  private static void dropPolicy(SqlSession session, CriteriaParameters parameters) {
    if (!parameters.isUniform()) {
      session.getMapper(ExpiredRecordMapper.class).dropPolicyTable();
    }
  }

  @Override
  public long countRecords() {
    return transactions.read(
        sessions,
        "counting " + table,
        session ->
            session.getMapper(ExpiredRecordMapper.class).selectTotals(table.value()).records());
  }

  @Override
  public Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint,
      RowArchive.Writer archive) {
    BatchPacer pacer =
        batchSize == null || batchSize.isEmpty()
            ? BatchPacer.adaptive(
                settings.batchSize(), settings.batchTarget(), settings.pauseBetweenBatches())
            : BatchPacer.fixed(
                SqliteSettings.requireBatchSize(batchSize.getAsInt()),
                settings.pauseBetweenBatches());
    SqlSession session = transactions.openSession(sessions);
    try {
      CriteriaParameters parameters = new CriteriaParameters(table, criteria);
      loadPolicy(session, parameters);
      boolean indexed = hasProcessedAtIndex(session);
      // The target's columns and where the batches keep them, read once for the sweep.
      ArchiveStatement archiveStatement = ArchiveStatement.forSweep(session, table, archive, null);
      return new SqliteSweep(
          transactions,
          session,
          parameters.withArchive(archiveStatement),
          indexed,
          pacer,
          checkpoint == null ? BatchCheckpoint.NONE : checkpoint,
          archiveStatement);
    } catch (RuntimeException failure) {
      session.close();
      throw failure;
    }
  }

  /**
   * An index on {@code processed_at} alone lets the sweep walk the expired range in order; without
   * one (a table configured with {@code RETENTION_TABLE} may lack it) it walks the rowids, which is
   * linear too, over the whole table. An SQLite too old for the {@code pragma_*} functions walks
   * the rowids.
   */
  private boolean hasProcessedAtIndex(SqlSession session) {
    try {
      return session.getMapper(ExpiredRecordMapper.class).hasProcessedAtIndex(table.value());
    } catch (RuntimeException unsupported) {
      return false;
    }
  }

  /**
   * client_org_id, total_tokens (NULL unless a whole number), total_cost (NULL unless a number; the
   * cost exactly as the database printed it) and, at {@code idColumn}, the id of a row whose values
   * stay out of the sums.
   */
  private static void add(BreakdownTally tally, ResultSet row, int idColumn) throws SQLException {
    String organization = row.getString(1);
    long tokens = row.getLong(2);
    boolean wholeTokens = !row.wasNull();
    double cost = row.getDouble(3);
    boolean numericCost = !row.wasNull();
    String notSummedId = row.getString(idColumn);
    if (wholeTokens && numericCost) {
      tally.addRow(notSummedId, organization, tokens, cost);
    } else {
      tally.addNotSummed(notSummedId, organization);
    }
  }

  /**
   * Keeps one connection for the whole sweep, so its page cache (and the policy table) stays warm
   * between batches; no lock is held between batches (every batch commits, and the session is in
   * autocommit mode in between).
   */
  private static final class SqliteSweep implements Sweep {
    private final DialectTransactions transactions;
    private final SqlSession session;
    private final CriteriaParameters parameters;
    private final boolean orderedByProcessedAt;
    private final BatchPacer pacer;
    private final BatchCheckpoint checkpoint;
    private final ArchiveStatement archiveStatement;
    private Long cursorProcessedAt;
    private Long cursorRowid;
    private boolean started;
    private boolean done;

    SqliteSweep(
        DialectTransactions transactions,
        SqlSession session,
        CriteriaParameters parameters,
        boolean orderedByProcessedAt,
        BatchPacer pacer,
        BatchCheckpoint checkpoint,
        ArchiveStatement archiveStatement) {
      this.transactions = transactions;
      this.session = session;
      this.parameters = parameters;
      this.orderedByProcessedAt = orderedByProcessedAt;
      this.pacer = pacer;
      this.checkpoint = checkpoint;
      this.archiveStatement = archiveStatement;
    }

    /** What one batch deleted, and the last row it deleted in the walk's order. */
    private record BatchResult(
        long rows, OrganizationBreakdown deleted, Long lastProcessedAt, Long lastRowid) {}

    @Override
    public Optional<OrganizationBreakdown> deleteNextBatch() {
      if (done) {
        return Optional.empty();
      }
      if (started) {
        pause();
      }
      started = true;
      int size = pacer.size();
      SweepBatch batch =
          new SweepBatch(parameters, size, orderedByProcessedAt, cursorProcessedAt, cursorRowid);
      long[] lockedAt = new long[1];
      BatchResult result;
      try {
        // The delete and the run's marker, which counts it, in one write transaction that takes
        // the write lock up front (retried while mAI holds it, within the lock wait).
        result =
            transactions.write(
                session,
                "a delete batch on " + parameters.getTable(),
                batchSession -> {
                  lockedAt[0] = System.nanoTime();
                  return deleteOne(batchSession, batch);
                });
      } catch (RuntimeException failure) {
        done = true;
        throw failure;
      }
      // The time this batch held the write lock (from its BEGIN IMMEDIATE on), not its wait.
      pacer.observe(result.rows(), System.nanoTime() - lockedAt[0]);
      if (result.rows() > 0) {
        cursorProcessedAt = result.lastProcessedAt();
        cursorRowid = result.lastRowid();
      }
      // A short batch means nothing expired is left after the cursor: it is the last one.
      if (result.rows() < size) {
        done = true;
      }
      return result.rows() == 0 ? Optional.empty() : Optional.of(result.deleted());
    }

    private BatchResult deleteOne(SqlSession batchSession, SweepBatch batch) {
      BreakdownTally tally = new BreakdownTally();
      long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
      long archived = -1;
      RowArchive.RowSink file = null;
      if (archiveStatement != null) {
        if (archiveStatement.toFile()) {
          file = archiveStatement.startBatch();
        } else {
          // Into the archive table first, in this transaction: the same rows the delete takes.
          archived = batchSession.getMapper(ExpiredRecordMapper.class).archiveBatch(batch);
        }
      }
      RowArchive.RowSink rows = file;
      int columns = archiveStatement == null ? 0 : archiveStatement.columns().size();
      long count =
          RowStreams.forEachRow(
              batchSession,
              ExpiredRecordMapper.DELETE_BATCH,
              batch,
              0,
              row -> {
                add(tally, row, 6);
                if (rows != null) {
                  rows.row(SqliteArchiveValues.row(row, FIRST_ARCHIVED_COLUMN, columns));
                }
                long processedAt = row.getLong(4);
                long rowid = row.getLong(5);
                boolean later =
                    orderedByProcessedAt
                        ? processedAt > last[0] || (processedAt == last[0] && rowid > last[1])
                        : rowid > last[1];
                if (later) {
                  last[0] = processedAt;
                  last[1] = rowid;
                }
              });
      if (archived >= 0 && archived != count) {
        throw new IllegalStateException(
            "a batch copied "
                + archived
                + " rows into the archive table but deleted "
                + count
                + "; rolled back");
      }
      OrganizationBreakdown deleted = tally.toBreakdown();
      if (count > 0) {
        checkpoint
            .progressWith(deleted)
            .ifPresent(progress -> RunMarkers.checkpoint(batchSession, progress));
      }
      if (archiveStatement != null) {
        archiveStatement.beforeCommit();
      }
      return new BatchResult(count, deleted, last[0], last[1]);
    }

    /** Lets writers that queued up during the last batch in before the next one. */
    private void pause() {
      long nanos = pacer.pauseNanos();
      if (nanos <= 0) {
        return;
      }
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        // Keep the flag for the caller, which stops between batches; this batch still runs.
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public int batchSize() {
      return pacer.size();
    }

    @Override
    public void close() {
      try {
        dropPolicy(session, parameters);
      } catch (RuntimeException ignored) {
        // Closing the session below ends it on a plain connection; a pool keeps a harmless table.
      } finally {
        session.close();
      }
    }
  }
}
