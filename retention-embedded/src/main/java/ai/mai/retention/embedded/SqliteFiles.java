package ai.mai.retention.embedded;

import ai.mai.retention.adapter.sqlite.SqliteDataSources;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Data sources over an existing SQLite file, for a host (or the standalone app) that has no pool of
 * its own: wrap one in a pool, or hand it to {@link Retention#builder} as it is. A missing file is
 * an error, never created; in-memory databases are refused.
 */
public final class SqliteFiles {

  private SqliteFiles() {}

  /**
   * Read-write connections for cleanups: {@code busyTimeout} as each connection's busy timeout,
   * {@code synchronous=NORMAL} and a large page cache. The journal mode is left as the file has it:
   * a {@link Retention} switches the database to WAL at its first run, after its checks.
   *
   * @param jdbcUrl {@code jdbc:sqlite:/path/to/file.db} or {@code jdbc:sqlite:file:/path?...}
   * @param busyTimeout how long a statement waits for another connection's write lock, e.g. {@link
   *     Retention#lockWait()}
   * @return a data source; opening it creates nothing
   * @throws RetentionConfigurationException the URL is not a SQLite file's, or the file does not
   *     exist (setting {@code jdbcUrl})
   */
  public static DataSource forCleanup(String jdbcUrl, Duration busyTimeout) {
    try {
      return SqliteDataSources.forPool(jdbcUrl, busyTimeout);
    } catch (IllegalArgumentException invalid) {
      throw RetentionConfigurationException.invalid("jdbcUrl", invalid.getMessage(), invalid);
    }
  }

  /**
   * Read-only connections ({@code SQLITE_OPEN_READONLY}), for a {@link Retention.Builder#readOnly
   * read-only} Retention: no statement on them can change the file, nothing switches its journal
   * mode, and a file on a read-only mount works (a WAL database whose {@code -shm} index cannot be
   * created there is opened {@code immutable}). Opening it reads the file once to decide that.
   *
   * @param jdbcUrl {@code jdbc:sqlite:/path/to/file.db} or {@code jdbc:sqlite:file:/path?...}
   * @param busyTimeout how long a read waits for a writer's exclusive lock
   * @return a data source whose connections cannot write
   * @throws RetentionConfigurationException the URL is not a SQLite file's, or the file does not
   *     exist (setting {@code jdbcUrl})
   */
  public static DataSource forReading(String jdbcUrl, Duration busyTimeout) {
    try {
      return SqliteDataSources.forReading(jdbcUrl, busyTimeout);
    } catch (IllegalArgumentException invalid) {
      throw RetentionConfigurationException.invalid("jdbcUrl", invalid.getMessage(), invalid);
    }
  }
}
