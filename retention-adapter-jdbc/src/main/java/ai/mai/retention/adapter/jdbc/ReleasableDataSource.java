package ai.mai.retention.adapter.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Lends a host's data source to a library that may keep it longer than it should (Flyway keeps its
 * last configuration, data source included, in a static field): after {@link #release()} it holds
 * nothing, and every call fails.
 */
final class ReleasableDataSource implements DataSource {

  private volatile DataSource target;

  ReleasableDataSource(DataSource target) {
    this.target = target;
  }

  void release() {
    target = null;
  }

  private DataSource target() throws SQLException {
    DataSource current = target;
    if (current == null) {
      throw new SQLException("this data source was lent for one operation, which is over");
    }
    return current;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return target().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return target().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target().getLogWriter();
  }

  /** Ignored: the data source is the host's to configure. */
  @Override
  public void setLogWriter(PrintWriter out) {}

  /** Ignored: the data source is the host's to configure. */
  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() throws SQLException {
    return target().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    return target().unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || target().isWrapperFor(type);
  }
}
