package ai.mai.retention.scheduler.quartz;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz's JDBC store connections from the host's pool instead of a pool of its own. */
final class HostConnectionProvider implements ConnectionProvider {

  private final DataSource dataSource;

  HostConnectionProvider(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void shutdown() {
    // The pool belongs to the host, which closes it after the scheduler stops.
  }

  @Override
  public void initialize() {}
}
