package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
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
      OrganizationBreakdown.Builder expired = OrganizationBreakdown.builder();
      mapper.selectExpired(
          new CriteriaParameters(table, criteria),
          context -> add(expired, context.getResultObject()));
      session.commit(true);
      return new TableSnapshot(
          totals.records(),
          expired.build(),
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

  private static void add(OrganizationBreakdown.Builder builder, DeletedRow row) {
    builder.addRow(row.clientOrgId(), row.totalTokens(), row.totalCost());
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
      OrganizationBreakdown.Builder deleted = OrganizationBreakdown.builder();
      long[] rows = {0};
      try {
        session
            .getMapper(ExpiredRecordMapper.class)
            .deleteBatch(
                parameters,
                context -> {
                  add(deleted, context.getResultObject());
                  rows[0]++;
                });
        session.commit(true);
      } catch (RuntimeException failure) {
        done = true;
        rollbackQuietly(failure);
        throw failure;
      }
      // A short batch means nothing expired is left: it is the last one.
      if (rows[0] < parameters.getBatchSize()) {
        done = true;
      }
      return rows[0] == 0 ? Optional.empty() : Optional.of(deleted.build());
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
