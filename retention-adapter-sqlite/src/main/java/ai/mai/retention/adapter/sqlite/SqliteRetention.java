package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.adapter.jdbc.MyBatisCleanupJournal;
import ai.mai.retention.adapter.jdbc.RetentionSessions;
import ai.mai.retention.adapter.jdbc.RowArchives;
import ai.mai.retention.core.domain.ArchiveTarget;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The plain-Java way in: the SQLite adapter's ports over a {@link DataSource} the caller owns (and
 * closes). See {@link SqliteDataSources} for a data source with the right pragmas.
 */
public final class SqliteRetention {

  private SqliteRetention() {}

  public static JdbcRetentionPorts create(DataSource dataSource, SqliteSettings settings) {
    return create(dataSource, settings, null);
  }

  /**
   * @param archive where runs keep the rows they delete ({@code file:} or {@code table:}); null for
   *     none
   * @throws IllegalArgumentException for an archive table that is no plain identifier, or the
   *     target table itself
   */
  public static JdbcRetentionPorts create(
      DataSource dataSource, SqliteSettings settings, ArchiveTarget archive) {
    SqliteSettings effective = settings == null ? SqliteSettings.defaults() : settings;
    SqlSessionFactory sessions = RetentionSessions.create(dataSource, SqliteDialect.INSTANCE);
    SqliteTransactions transactions = new SqliteTransactions();
    return new JdbcRetentionPorts(
        new SqliteExpiredRecordStore(sessions, transactions, effective),
        new MyBatisCleanupJournal(sessions, transactions),
        new SqliteCleanupLock(sessions, transactions, effective.clock(), effective.lockLease()),
        new FlywaySchemaMigrator(
            dataSource, SqliteDialect.INSTANCE, effective.table(), transactions),
        new SqliteTableStorage(dataSource, effective.pauseBetweenBatches()),
        RowArchives.of(
            archive, effective.table(), sessions, transactions, new SqliteArchiveTables()));
  }
}
