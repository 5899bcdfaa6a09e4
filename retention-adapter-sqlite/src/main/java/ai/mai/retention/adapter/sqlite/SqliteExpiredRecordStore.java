package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.BreakdownTally;
import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.RowStreams;
import ai.mai.retention.adapter.jdbc.RunMarkers;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
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
 */
public final class SqliteExpiredRecordStore implements ExpiredRecordStore {

  private static final int INSPECT_FETCH_SIZE = 1_000;

  private final SqlSessionFactory sessions;
  private final TableName table;
  private final SqliteSettings settings;

  public SqliteExpiredRecordStore(SqlSessionFactory sessions, SqliteSettings settings) {
    if (sessions == null || settings == null) {
      throw new IllegalArgumentException("sessions and settings are required");
    }
    this.sessions = sessions;
    this.settings = settings;
    this.table = settings.table();
  }

  @Override
  public TableSnapshot inspect(CleanupCriteria criteria) {
    // One read transaction: the totals and the expired rows come from the same snapshot.
    try (SqlSession session = sessions.openSession(false)) {
      ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
      TableTotalsRow totals = mapper.selectTotals(table.value());
      CriteriaParameters parameters = new CriteriaParameters(table, criteria);
      long held = parameters.isAnyHeld() ? mapper.countHeld(parameters) : 0;
      BreakdownTally expired = new BreakdownTally();
      RowStreams.forEachRow(
          session,
          ExpiredRecordMapper.SELECT_EXPIRED,
          parameters,
          INSPECT_FETCH_SIZE,
          row -> add(expired, row));
      session.commit(true);
      return new TableSnapshot(
          totals.records(),
          held,
          expired.toBreakdown(),
          totals.newestProcessedAt() == null
              ? OptionalLong.empty()
              : OptionalLong.of(totals.newestProcessedAt()));
    }
  }

  @Override
  public long countRecords() {
    try (SqlSession session = sessions.openSession()) {
      return session.getMapper(ExpiredRecordMapper.class).selectTotals(table.value()).records();
    }
  }

  @Override
  public Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint) {
    BatchPacer pacer =
        batchSize == null || batchSize.isEmpty()
            ? BatchPacer.adaptive(
                settings.batchSize(), settings.batchTarget(), settings.pauseBetweenBatches())
            : BatchPacer.fixed(
                SqliteSettings.requireBatchSize(batchSize.getAsInt()),
                settings.pauseBetweenBatches());
    return new SqliteSweep(sessions.openSession(false), table, criteria, pacer, checkpoint);
  }

  /** client_org_id, total_tokens, total_cost; the cost exactly as the database printed it. */
  private static void add(BreakdownTally tally, ResultSet row) throws SQLException {
    tally.addRow(row.getString(1), row.getLong(2), row.getDouble(3));
  }

  /**
   * Keeps one connection for the whole sweep, so its page cache stays warm between batches; no lock
   * is held between batches (every batch commits).
   */
  private static final class SqliteSweep implements Sweep {
    private final SqlSession session;
    private final TableName table;
    private final CleanupCriteria criteria;
    private final BatchPacer pacer;
    private final BatchCheckpoint checkpoint;
    private boolean started;
    private boolean done;

    SqliteSweep(
        SqlSession session,
        TableName table,
        CleanupCriteria criteria,
        BatchPacer pacer,
        BatchCheckpoint checkpoint) {
      this.session = session;
      this.table = table;
      this.criteria = criteria;
      this.pacer = pacer;
      this.checkpoint = checkpoint == null ? BatchCheckpoint.NONE : checkpoint;
    }

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
      BreakdownTally deleted = new BreakdownTally();
      long rows;
      long begin = System.nanoTime();
      try {
        rows =
            RowStreams.forEachRow(
                session,
                ExpiredRecordMapper.DELETE_BATCH,
                new CriteriaParameters(table, criteria, size),
                0,
                row -> add(deleted, row));
        if (rows > 0) {
          // The run's marker counts this batch in the same transaction as its delete.
          checkpoint
              .progressWith(deleted.toBreakdown())
              .ifPresent(progress -> RunMarkers.checkpoint(session, progress));
        }
        session.commit(true);
      } catch (RuntimeException failure) {
        done = true;
        rollbackQuietly(failure);
        throw failure;
      }
      pacer.observe(rows, System.nanoTime() - begin);
      // A short batch means nothing expired is left: it is the last one.
      if (rows < size) {
        done = true;
      }
      return rows == 0 ? Optional.empty() : Optional.of(deleted.toBreakdown());
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

    private void rollbackQuietly(RuntimeException failure) {
      try {
        session.rollback(true);
      } catch (RuntimeException rollbackFailure) {
        failure.addSuppressed(rollbackFailure);
      }
    }

    @Override
    public int batchSize() {
      return pacer.size();
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
