package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.adapter.jdbc.ForwardingDataSource;
import ai.mai.retention.core.port.out.DatabaseBusyException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * Transactions on PostgreSQL: plain ones (row locks never block the host's inserts, so nothing is
 * taken up front and nothing is retried), whose first statement bounds every statement in them,
 * local to the transaction so a host's pooled connection keeps its own settings:
 *
 * <ul>
 *   <li>{@code lock_timeout}: a statement gives up waiting for another session's lock after the
 *       lock wait, instead of queueing the host's DDL and everything behind it;
 *   <li>{@code statement_timeout}: no statement runs longer than the statement timeout;
 *   <li>{@code jit = off}: with thousands of organizations in a policy the planner's cost passes
 *       the JIT thresholds, and LLVM then compiled one statement for minutes at 1.1 GB, deaf to
 *       {@code pg_cancel_backend}; the library's statements gain nothing from JIT;
 *   <li>{@code plan_cache_mode = force_custom_plan}: the policy's bound JSON is folded into a
 *       constant at planning, so its lookups are not redone for every row by a generic plan.
 * </ul>
 *
 * <p>Migrations run with the same settings on Flyway's connections, set for the session and put
 * back as they were when Flyway hands the connection back.
 */
public final class PostgresTransactions implements DialectTransactions {

  /** SQLSTATE lock_not_available: a statement gave up waiting at {@code lock_timeout}. */
  static final String LOCK_NOT_AVAILABLE = "55P03";

  /** SQLSTATE query_canceled: also what {@code statement_timeout} raises. */
  static final String QUERY_CANCELED = "57014";

  private static final String LIMITS =
      "SELECT set_config('lock_timeout', ?, %1$s), set_config('statement_timeout', ?, %1$s),"
          + " set_config('jit', 'off', %1$s), set_config('plan_cache_mode', 'force_custom_plan',"
          + " %1$s)";

  private final Duration lockWait;
  private final Duration statementTimeout;

  public PostgresTransactions(Duration lockWait, Duration statementTimeout) {
    if (lockWait == null || statementTimeout == null) {
      throw new IllegalArgumentException("lockWait and statementTimeout are required");
    }
    this.lockWait = lockWait;
    this.statementTimeout = statementTimeout;
  }

  static String millis(Duration duration) {
    return duration.toMillis() + "ms";
  }

  @Override
  public SqlSession openSession(SqlSessionFactory sessions) {
    return sessions.openSession(false);
  }

  @Override
  public <T> T write(SqlSession session, String what, Work<T> work) {
    return inTransaction(session, false, what, work);
  }

  @Override
  public <T> T read(SqlSession session, String what, Work<T> work) {
    return inTransaction(session, true, what, work);
  }

  private <T> T inTransaction(SqlSession session, boolean readOnly, String what, Work<T> work) {
    try {
      Connection connection = session.getConnection();
      if (readOnly) {
        // Must come first: one snapshot for every statement of the transaction.
        execute(connection, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      limit(connection, true);
      T result = work.run(session);
      session.commit(true);
      return result;
    } catch (RuntimeException | SQLException failure) {
      try {
        session.rollback(true);
      } catch (RuntimeException rollbackFailure) {
        failure.addSuppressed(rollbackFailure);
      }
      throw explain(failure, what);
    }
  }

  /** Bounds the statements of the transaction ({@code local}) or of the session. */
  private void limit(Connection connection, boolean local) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(String.format(LIMITS, local))) {
      statement.setString(1, millis(lockWait));
      statement.setString(2, millis(statementTimeout));
      statement.executeQuery().close();
    }
  }

  @Override
  public int migrate(DataSource dataSource, ToIntFunction<DataSource> migration) {
    try {
      return migration.applyAsInt(new BoundedSessions(dataSource));
    } catch (RuntimeException failure) {
      throw explain(failure, "migrating the retention tables");
    }
  }

  /**
   * A statement that gave up at {@code lock_timeout} becomes a {@link DatabaseBusyException} that
   * says so, one stopped by {@code statement_timeout} a message naming the setting; anything else
   * passes unchanged.
   */
  RuntimeException explain(Throwable failure, String what) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
        return new DatabaseBusyException(
            what
                + " waited more than "
                + lockWait.toMillis()
                + " ms for a lock another session holds (lock_timeout); that statement was"
                + " rolled back. Look for long or idle-in-transaction sessions on the table.",
            failure);
      }
      if (cause instanceof SQLException sql
          && QUERY_CANCELED.equals(sql.getSQLState())
          && String.valueOf(sql.getMessage()).contains("statement timeout")) {
        return new IllegalStateException(
            what
                + " ran longer than the statement timeout of "
                + statementTimeout.toMillis()
                + " ms (statement_timeout; RETENTION_STATEMENT_TIMEOUT / --statement-timeout) and"
                + " was rolled back",
            failure);
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return failure instanceof RuntimeException runtime
        ? runtime
        : new IllegalStateException(what + " failed: " + failure.getMessage(), failure);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Flyway's connections, bounded like the library's transactions but for the session (Flyway
   * begins and ends its own transactions), and given back with the settings they came with.
   */
  private final class BoundedSessions extends ForwardingDataSource {
    private final DataSource delegate;

    BoundedSessions(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    protected DataSource target() {
      return delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return bounded(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return bounded(delegate.getConnection(username, password));
    }

    private Connection bounded(Connection connection) throws SQLException {
      String[] before = new String[4];
      try (Statement statement = connection.createStatement();
          ResultSet settings =
              statement.executeQuery(
                  "SELECT current_setting('lock_timeout'), current_setting('statement_timeout'),"
                      + " current_setting('jit'), current_setting('plan_cache_mode')")) {
        settings.next();
        for (int i = 0; i < before.length; i++) {
          before[i] = settings.getString(i + 1);
        }
        limit(connection, false);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      return (Connection)
          Proxy.newProxyInstance(
              PostgresTransactions.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("close") && (args == null || args.length == 0)) {
                  restore(connection, before);
                  connection.close();
                  return null;
                }
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    /** The host's settings back; a connection that cannot take them is dropped, not pooled. */
    private void restore(Connection connection, String[] before) {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT set_config('lock_timeout', ?, false), set_config('statement_timeout', ?,"
                  + " false), set_config('jit', ?, false), set_config('plan_cache_mode', ?,"
                  + " false)")) {
        for (int i = 0; i < before.length; i++) {
          statement.setString(i + 1, before[i]);
        }
        statement.executeQuery().close();
      } catch (SQLException | RuntimeException cannotRestore) {
        try {
          connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
          // Closing it below ends the session anyway.
        }
      }
    }
  }
}
