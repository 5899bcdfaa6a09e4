package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.port.out.TableStorage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * The cleaned table's space as PostgreSQL reports it: {@code pg_table_size} (heap, TOAST, free
 * space and visibility maps), {@code pg_indexes_size}, and the live and dead row counts of {@code
 * pg_stat_user_tables}; and {@code VACUUM} of that table.
 *
 * <p>The row counts are the statistics system's, not a count: a session hands its counts over from
 * time to time, not at each commit, so a figure read right after a run may miss its last batches
 * (PostgresVacuumBenchmark read 880,000 and 960,000 of 1,000,000 deleted rows up to 5 s after the
 * run, all of them after 12 s). {@code pg_stat_force_next_flush()} would not help: it flushes only
 * the calling session's counts. A {@code VACUUM} reports its own result at once.
 *
 * <p>A plain {@code VACUUM} makes the dead rows' space reusable inside the table; it gives the file
 * system back only the empty pages at the table's end. {@code VACUUM FULL} rewrites the table and
 * gives back everything, holding an exclusive lock on it (no reads, no writes) while it runs.
 */
public final class PostgresTableStorage implements TableStorage {

  static final String MEASURE =
      "SELECT pg_table_size(c.oid), pg_indexes_size(c.oid), s.n_live_tup, s.n_dead_tup"
          + " FROM pg_class c LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid"
          + " WHERE c.oid = to_regclass(?)";

  private final DataSource dataSource;
  private final TableName table;
  private final Duration lockWait;

  /**
   * @param dataSource connections in autocommit mode (VACUUM cannot run in a transaction)
   * @param table the cleaned table, resolved on the connection's search path
   * @param lockWait how long the VACUUM waits for a lock another session holds
   */
  public PostgresTableStorage(DataSource dataSource, TableName table, Duration lockWait) {
    if (dataSource == null || table == null || lockWait == null) {
      throw new IllegalArgumentException("dataSource, table and lockWait are required");
    }
    this.dataSource = dataSource;
    this.table = table;
    this.lockWait = lockWait;
  }

  @Override
  public StorageFigures measure() {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(MEASURE)) {
      statement.setString(1, table.value());
      try (ResultSet result = statement.executeQuery()) {
        if (!result.next()) {
          throw new IllegalStateException("table " + table.value() + " not found to measure");
        }
        long tableBytes = result.getLong(1);
        long indexBytes = result.getLong(2);
        Long live = nullableLong(result, 3);
        Long dead = nullableLong(result, 4);
        Map<String, Long> reported = new LinkedHashMap<>();
        reported.put("table_bytes", tableBytes);
        reported.put("index_bytes", indexBytes);
        if (live != null) {
          reported.put("n_live_tup", live);
        }
        if (dead != null) {
          reported.put("n_dead_tup", dead);
        }
        return new StorageFigures(
            tableBytes + indexBytes,
            OptionalLong.empty(),
            dead == null ? OptionalLong.empty() : OptionalLong.of(dead),
            reported);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not measure table " + table.value() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public VacuumResult vacuum(VacuumMode mode, BooleanSupplier stopRequested) {
    if (mode == VacuumMode.OFF) {
      return VacuumResult.notPerformed("not asked for");
    }
    try (Connection connection = dataSource.getConnection()) {
      if (!connection.getAutoCommit() || PostgresConnections.transactionOpen(connection)) {
        return VacuumResult.notPerformed(
            "the connection is inside a transaction, and VACUUM runs only outside one");
      }
      String qualified = qualifiedName(connection);
      String previousLockTimeout = setting(connection, "lock_timeout");
      setLockTimeout(connection, lockWait.toMillis() + "ms");
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            (mode == VacuumMode.FULL ? "VACUUM (FULL, ANALYZE) " : "VACUUM (ANALYZE) ")
                + qualified);
        String skipped = skipWarning(statement.getWarnings());
        if (skipped != null) {
          return VacuumResult.notPerformed(
              skipped
                  + ": VACUUM needs the table's owner (PostgreSQL 17 and later: or the MAINTAIN"
                  + " privilege, GRANT MAINTAIN ON TABLE "
                  + table.value()
                  + " TO <role>)");
        }
      } finally {
        setLockTimeout(connection, previousLockTimeout);
      }
      return VacuumResult.done();
    } catch (SQLException e) {
      return VacuumResult.notPerformed("failed: " + e.getMessage());
    }
  }

  /** The table as the server names it for this session: schema-qualified and quoted as needed. */
  private String qualifiedName(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?)::text")) {
      statement.setString(1, table.value());
      try (ResultSet result = statement.executeQuery()) {
        String name = result.next() ? result.getString(1) : null;
        if (name == null) {
          throw new SQLException("table " + table.value() + " not found");
        }
        return name;
      }
    }
  }

  /** A role that may not vacuum the table gets a warning, not an error; find it. */
  private static String skipWarning(SQLWarning warnings) {
    for (SQLWarning warning = warnings; warning != null; warning = warning.getNextWarning()) {
      String message = warning.getMessage();
      if (message != null && message.toLowerCase(Locale.ROOT).contains("skipping")) {
        return message;
      }
    }
    return null;
  }

  private static String setting(Connection connection, String name) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT current_setting(?)")) {
      statement.setString(1, name);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        return result.getString(1);
      }
    }
  }

  private static void setLockTimeout(Connection connection, String value) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
      statement.setString(1, value);
      statement.executeQuery().close();
    }
  }

  private static Long nullableLong(ResultSet result, int column) throws SQLException {
    long value = result.getLong(column);
    return result.wasNull() ? null : value;
  }
}
