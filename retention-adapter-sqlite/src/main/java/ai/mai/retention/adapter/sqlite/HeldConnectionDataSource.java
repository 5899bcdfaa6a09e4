package ai.mai.retention.adapter.sqlite;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands out one connection in a transaction its owner began and will end: the
 * borrower's {@code close}, {@code commit}, {@code rollback} and {@code setAutoCommit} change
 * nothing (auto-commit reads back as the borrower set it). What {@link SqliteTransactions#migrate}
 * gives Flyway, so that all its work is one transaction under the write lock taken up front.
 */
final class HeldConnectionDataSource implements DataSource {

  private final Connection borrowed;

  private HeldConnectionDataSource(Connection held) {
    this.borrowed =
        (Connection)
            Proxy.newProxyInstance(
                HeldConnectionDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                new Held(held));
  }

  static DataSource of(Connection held) {
    return new HeldConnectionDataSource(held);
  }

  private static final class Held implements InvocationHandler {
    private final Connection connection;
    private boolean autoCommit = true;

    Held(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close", "commit", "rollback" -> {
          if (args == null || args.length == 0) {
            return null; // the owner ends the transaction and closes the connection
          }
        }
        case "setAutoCommit" -> {
          autoCommit = (Boolean) args[0];
          return null;
        }
        case "getAutoCommit" -> {
          return autoCommit;
        }
        case "isClosed" -> {
          return connection.isClosed();
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        default -> {}
      }
      try {
        return method.invoke(connection, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }
  }

  @Override
  public Connection getConnection() {
    return borrowed;
  }

  @Override
  public Connection getConnection(String username, String password) {
    return borrowed;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // Nothing to log.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    // The connection is open already.
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws java.sql.SQLException {
    throw new java.sql.SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
