package ai.mai.retention.adapter.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * What the library asks of a SQLite connection it borrowed from a host's pool: its busy timeout
 * (set for the borrow, then put back) and the database's journal mode.
 */
public final class SqliteConnections {

  /** The journal mode the pacing was measured in (SqliteSweepBenchmark). */
  public static final String WAL = "wal";

  private SqliteConnections() {}

  /** The connection's busy timeout in milliseconds (0: a locked database fails at once). */
  public static int busyTimeout(Connection connection) throws SQLException {
    return queryInt(connection, "PRAGMA busy_timeout");
  }

  /** Sets how long a statement on this connection waits for another connection's write lock. */
  public static void setBusyTimeout(Connection connection, int millis) throws SQLException {
    if (millis < 0) {
      throw new IllegalArgumentException("busy timeout must not be negative, got " + millis);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = " + millis);
    }
  }

  /** The database's journal mode in lower case ({@code wal}, {@code delete}, {@code memory}...). */
  public static String journalMode(Connection connection) throws SQLException {
    return queryString(connection, "PRAGMA journal_mode");
  }

  /**
   * Switches the database file to WAL, a setting that persists in the file; returns the mode in
   * force afterwards (unchanged when SQLite refused, e.g. for an in-memory database).
   */
  public static String switchToWal(Connection connection) throws SQLException {
    return queryString(connection, "PRAGMA journal_mode = WAL");
  }

  private static int queryInt(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      return result.next() ? result.getInt(1) : 0;
    }
  }

  private static String queryString(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      String value = result.next() ? result.getString(1) : null;
      return value == null ? "" : value.toLowerCase(Locale.ROOT);
    }
  }
}
