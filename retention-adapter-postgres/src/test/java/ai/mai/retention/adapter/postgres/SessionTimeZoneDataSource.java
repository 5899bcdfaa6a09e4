package ai.mai.retention.adapter.postgres;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands out connections whose session {@code TimeZone} is set to a zone of the test's choosing (the
 * PostgreSQL driver would otherwise send the JVM's), as a host's pool with its own session settings
 * would.
 */
final class SessionTimeZoneDataSource implements DataSource {

  private final DataSource delegate;
  private final String timeZone;

  SessionTimeZoneDataSource(DataSource delegate, String timeZone) {
    this.delegate = delegate;
    this.timeZone = timeZone;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return withTimeZone(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return withTimeZone(delegate.getConnection(username, password));
  }

  private Connection withTimeZone(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET TIME ZONE '" + timeZone.replace("'", "''") + "'");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return delegate.isWrapperFor(iface);
  }
}
