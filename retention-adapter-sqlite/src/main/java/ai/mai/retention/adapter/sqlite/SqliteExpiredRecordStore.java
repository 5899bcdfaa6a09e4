package ai.mai.retention.adapter.sqlite;

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
    // One read transaction: the totals and the expired rows come from the same snapshot.
    return transactions.read(
        sessions,
        "inspecting " + table,
        session -> {
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
          return new TableSnapshot(
              totals.records(),
              held,
              expired.toBreakdown(),
              totals.newestProcessedAt() == null
                  ? OptionalLong.empty()
                  : OptionalLong.of(totals.newestProcessedAt()));
        });
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
      BatchCheckpoint checkpoint) {
    BatchPacer pacer =
        batchSize == null || batchSize.isEmpty()
            ? BatchPacer.adaptive(
                settings.batchSize(), settings.batchTarget(), settings.pauseBetweenBatches())
            : BatchPacer.fixed(
                SqliteSettings.requireBatchSize(batchSize.getAsInt()),
                settings.pauseBetweenBatches());
    return new SqliteSweep(
        transactions, transactions.openSession(sessions), table, criteria, pacer, checkpoint);
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
    private final DialectTransactions transactions;
    private final SqlSession session;
    private final TableName table;
    private final CleanupCriteria criteria;
    private final BatchPacer pacer;
    private final BatchCheckpoint checkpoint;
    private boolean started;
    private boolean done;

    SqliteSweep(
        DialectTransactions transactions,
        SqlSession session,
        TableName table,
        CleanupCriteria criteria,
        BatchPacer pacer,
        BatchCheckpoint checkpoint) {
      this.transactions = transactions;
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
      long[] lockedAt = new long[1];
      OrganizationBreakdown deleted;
      long rows;
      try {
        // The delete and the run's marker, which counts it, in one write transaction that takes
        // the write lock up front (retried while mAI holds it, within the lock wait).
        BatchResult result =
            transactions.write(
                session,
                "a delete batch on " + table,
                batchSession -> {
                  lockedAt[0] = System.nanoTime();
                  BreakdownTally tally = new BreakdownTally();
                  long count =
                      RowStreams.forEachRow(
                          batchSession,
                          ExpiredRecordMapper.DELETE_BATCH,
                          new CriteriaParameters(table, criteria, size),
                          0,
                          row -> add(tally, row));
                  OrganizationBreakdown batch = tally.toBreakdown();
                  if (count > 0) {
                    checkpoint
                        .progressWith(batch)
                        .ifPresent(progress -> RunMarkers.checkpoint(batchSession, progress));
                  }
                  return new BatchResult(count, batch);
                });
        rows = result.rows();
        deleted = result.deleted();
      } catch (RuntimeException failure) {
        done = true;
        throw failure;
      }
      // The time this batch held the write lock (from its BEGIN IMMEDIATE on), not its wait.
      pacer.observe(rows, System.nanoTime() - lockedAt[0]);
      // A short batch means nothing expired is left: it is the last one.
      if (rows < size) {
        done = true;
      }
      return rows == 0 ? Optional.empty() : Optional.of(deleted);
    }

    private record BatchResult(long rows, OrganizationBreakdown deleted) {}

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
      session.close();
    }
  }
}
