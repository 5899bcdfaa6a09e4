package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.adapter.jdbc.MyBatisCleanupJournal;
import ai.mai.retention.adapter.jdbc.RetentionSessions;
import ai.mai.retention.adapter.jdbc.RowArchives;
import ai.mai.retention.core.domain.ArchiveTarget;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The plain-Java way in: the PostgreSQL adapter's ports over a {@link DataSource} the caller owns
 * (and closes). The run lock keeps one connection for a whole run and a sweep keeps one for its
 * batches, so a pool needs at least three connections for a run (lock, sweep, journal).
 */
public final class PostgresRetention {

  private PostgresRetention() {}

  public static JdbcRetentionPorts create(DataSource dataSource, PostgresSettings settings) {
    return create(dataSource, settings, null);
  }

  /**
   * @param archive where runs keep the rows they delete ({@code file:} or {@code table:}); null for
   *     none
   * @throws IllegalArgumentException for an archive table that is no plain identifier, or the
   *     target table itself
   */
  public static JdbcRetentionPorts create(
      DataSource dataSource, PostgresSettings settings, ArchiveTarget archive) {
    PostgresSettings effective = settings == null ? PostgresSettings.defaults() : settings;
    SqlSessionFactory sessions = RetentionSessions.create(dataSource, PostgresDialect.INSTANCE);
    PostgresTransactions transactions =
        new PostgresTransactions(effective.lockWait(), effective.statementTimeout());
    return new JdbcRetentionPorts(
        new PostgresExpiredRecordStore(sessions, transactions, effective),
        new MyBatisCleanupJournal(sessions, transactions),
        new PostgresCleanupLock(sessions, transactions, effective.table()),
        new FlywaySchemaMigrator(
            dataSource, PostgresDialect.INSTANCE, effective.table(), transactions),
        new PostgresTableStorage(dataSource, effective.table(), effective.lockWait()),
        RowArchives.of(
            archive, effective.table(), sessions, transactions, new PostgresArchiveTables()));
  }
}
