package ai.mai.retention.adapter.sqlite;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteOpenMode;

/**
 * sqlite-jdbc data sources for an existing database file. sqlite-jdbc creates a missing file by
 * default; these never do: a wrong path must be an error, not an empty database.
 */
public final class SqliteDataSources {

  /** How long a statement waits for another connection's write lock before failing. */
  public static final int BUSY_TIMEOUT_MILLIS = 10_000;

  /** Page cache of a cleanup connection, in KiB (negative {@code cache_size} means KiB). */
  public static final int CLEANUP_CACHE_KIB = 262_144;

  private SqliteDataSources() {}

  /**
   * For cleanup: WAL (readers and the host's writers are not blocked by a batch longer than it
   * takes), {@code synchronous=NORMAL} (safe in WAL), a busy timeout and a large page cache.
   *
   * @param jdbcUrl {@code jdbc:sqlite:/path/to/file.db} or {@code jdbc:sqlite:file:/path?...}
   * @throws IllegalArgumentException if the URL is not SQLite or the file does not exist
   */
  public static DataSource forCleanup(String jdbcUrl) {
    return forCleanup(jdbcUrl, Duration.ofMillis(BUSY_TIMEOUT_MILLIS));
  }

  /**
   * The same, waiting up to {@code busyTimeout} for another connection's write lock.
   *
   * @throws IllegalArgumentException also if the timeout is under 1 ms or over {@link
   *     Integer#MAX_VALUE} ms
   */
  public static DataSource forCleanup(String jdbcUrl, Duration busyTimeout) {
    SQLiteConfig config = poolConfig(busyTimeout);
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    return dataSource(jdbcUrl, config);
  }

  /**
   * For a pool of the library's own (the app's): {@link #forCleanup}'s busy timeout, {@code
   * synchronous=NORMAL} and page cache, but the journal mode left as the file has it. Opening a
   * connection then changes nothing in the file: the front door checks the target table first and
   * switches the database to WAL at its first run (logged), so a database it must not clean is left
   * byte for byte as it was.
   *
   * @throws IllegalArgumentException if the URL is not SQLite, the file does not exist, or the
   *     timeout is not from 1 ms to 24 days
   */
  public static DataSource forPool(String jdbcUrl, Duration busyTimeout) {
    return dataSource(jdbcUrl, poolConfig(busyTimeout));
  }

  /** The busy timeout, {@code synchronous=NORMAL} and the page cache; the journal mode as it is. */
  private static SQLiteConfig poolConfig(Duration busyTimeout) {
    SQLiteConfig config = baseConfig();
    config.setBusyTimeout(busyTimeoutMillis(busyTimeout));
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setCacheSize(-CLEANUP_CACHE_KIB);
    return config;
  }

  private static int busyTimeoutMillis(Duration busyTimeout) {
    if (busyTimeout == null
        || busyTimeout.toMillis() < 1
        || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "busy timeout must be from 1 ms to 24 days: " + busyTimeout);
    }
    return (int) busyTimeout.toMillis();
  }

  /**
   * For checks and history (health, migrate's verification): only the busy timeout; leaves the
   * database's journal mode alone.
   */
  public static DataSource forChecks(String jdbcUrl) {
    return dataSource(jdbcUrl, baseConfig());
  }

  /**
   * For what only reads (health, history, a dry run, the table check before a cleanup): the file is
   * opened read-only ({@code SQLITE_OPEN_READONLY}), so no statement on these connections can
   * change it, and nothing switches its journal mode. A read-only file or a read-only mount works:
   * a WAL database there whose {@code -shm} file does not exist and cannot be created is opened
   * {@code immutable} instead (SQLite then takes no locks and ignores an existing {@code -wal}; on
   * a mount that nobody can write, nothing can change under it either). Elsewhere SQLite may create
   * the {@code -shm} and {@code -wal} files a WAL database reads through (mAI's own connections
   * keep them anyway); the database file itself is never written.
   *
   * @param busyTimeout how long a read waits for a writer's exclusive lock (rollback journal)
   */
  public static DataSource forReading(String jdbcUrl, Duration busyTimeout) {
    DataSource shared = dataSource(jdbcUrl, readOnlyConfig(busyTimeout));
    if (opensForReading(shared)) {
      return shared;
    }
    Path file = databaseFile(jdbcUrl).toAbsolutePath();
    return dataSource("jdbc:sqlite:" + file.toUri() + "?immutable=1", readOnlyConfig(busyTimeout));
  }

  private static SQLiteConfig readOnlyConfig(Duration busyTimeout) {
    int busyTimeoutMillis = busyTimeoutMillis(busyTimeout);
    SQLiteConfig config = new SQLiteConfig();
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setReadOnly(true);
    config.setBusyTimeout(busyTimeoutMillis);
    // A dry run scans the table; the cache is allocated only as pages are read.
    config.setCacheSize(-CLEANUP_CACHE_KIB);
    return config;
  }

  /** False only when SQLite cannot open the file read-only where it lies (SQLITE_CANTOPEN). */
  private static boolean opensForReading(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
      return result.next();
    } catch (SQLException e) {
      if (e.getErrorCode() == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
        return false;
      }
      // Anything else (a busy writer, a corrupt file) is for the caller's first query to report.
      return true;
    }
  }

  private static SQLiteConfig baseConfig() {
    SQLiteConfig config = new SQLiteConfig();
    // Read-write, never create: without this flag a missing file is an error, not a new file.
    config.resetOpenMode(SQLiteOpenMode.CREATE);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    return config;
  }

  private static DataSource dataSource(String jdbcUrl, SQLiteConfig config) {
    Path file = databaseFile(jdbcUrl);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "SQLite database file "
              + file.toAbsolutePath()
              + " not found: it does not exist (from "
              + jdbcUrl
              + "), and it is never created here; check the database URL");
    }
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl(jdbcUrl);
    return dataSource;
  }

  /** The file a {@code jdbc:sqlite:} URL names; in-memory databases are not supported. */
  static Path databaseFile(String jdbcUrl) {
    String prefix = "jdbc:sqlite:";
    if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, prefix, 0, prefix.length())) {
      throw new IllegalArgumentException(
          "not a SQLite JDBC URL (it must start with jdbc:sqlite:): " + jdbcUrl);
    }
    String location = jdbcUrl.substring(prefix.length());
    if (location.isEmpty()
        || location.startsWith(":memory:")
        || location.toLowerCase(Locale.ROOT).contains("mode=memory")) {
      throw new IllegalArgumentException(
          "in-memory SQLite databases are not supported, a database file is required: " + jdbcUrl);
    }
    if (location.startsWith("file:")) {
      String withoutQuery = location.split("\\?", 2)[0];
      if (withoutQuery.startsWith("file://")) {
        return Path.of(URI.create(withoutQuery));
      }
      location = withoutQuery.substring("file:".length());
    } else {
      location = location.split("\\?", 2)[0];
    }
    return Path.of(location);
  }
}
