package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.BreakdownTally;
import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.RowStreams;
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
  private final int defaultBatchSize;

  public SqliteExpiredRecordStore(
      SqlSessionFactory sessions, TableName table, int defaultBatchSize) {
    if (sessions == null || table == null) {
      throw new IllegalArgumentException("sessions and table are required");
    }
    this.sessions = sessions;
    this.table = table;
    this.defaultBatchSize = SqliteSettings.requireBatchSize(defaultBatchSize);
  }

  @Override
  public TableSnapshot inspect(CleanupCriteria criteria) {
    // One read transaction: the totals and the expired rows come from the same snapshot.
    try (SqlSession session = sessions.openSession(false)) {
      ExpiredRecordMapper mapper = session.getMapper(ExpiredRecordMapper.class);
      TableTotalsRow totals = mapper.selectTotals(table.value());
      BreakdownTally expired = new BreakdownTally();
      RowStreams.forEachRow(
          session,
          ExpiredRecordMapper.SELECT_EXPIRED,
          new CriteriaParameters(table, criteria),
          INSPECT_FETCH_SIZE,
          row -> add(expired, row));
      session.commit(true);
      return new TableSnapshot(
          totals.records(),
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
  public Sweep openSweep(CleanupCriteria criteria, TableSnapshot snapshot, OptionalInt batchSize) {
    int size =
        batchSize == null || batchSize.isEmpty()
            ? defaultBatchSize
            : SqliteSettings.requireBatchSize(batchSize.getAsInt());
    return new SqliteSweep(
        sessions.openSession(false), new CriteriaParameters(table, criteria, size));
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
    private final CriteriaParameters parameters;
    private boolean done;

    SqliteSweep(SqlSession session, CriteriaParameters parameters) {
      this.session = session;
      this.parameters = parameters;
    }

    @Override
    public Optional<OrganizationBreakdown> deleteNextBatch() {
      if (done) {
        return Optional.empty();
      }
      BreakdownTally deleted = new BreakdownTally();
      long rows;
      try {
        rows =
            RowStreams.forEachRow(
                session, ExpiredRecordMapper.DELETE_BATCH, parameters, 0, row -> add(deleted, row));
        session.commit(true);
      } catch (RuntimeException failure) {
        done = true;
        rollbackQuietly(failure);
        throw failure;
      }
      // A short batch means nothing expired is left: it is the last one.
      if (rows < parameters.getBatchSize()) {
        done = true;
      }
      return rows == 0 ? Optional.empty() : Optional.of(deleted.toBreakdown());
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
      return parameters.getBatchSize();
    }

    @Override
    public void close() {
      session.close();
    }
  }
}
