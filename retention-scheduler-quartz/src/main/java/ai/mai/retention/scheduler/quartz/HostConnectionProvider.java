package ai.mai.retention.scheduler.quartz;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz's JDBC store connections from the host's pool instead of a pool of its own. Quartz
 * keeps providers in a JVM-wide registry ({@code DBConnectionManager}) that it never empties, so
 * the provider lets go of the host's pool when the scheduler shuts down.
 */
final class HostConnectionProvider implements ConnectionProvider {

  private volatile DataSource dataSource;

  HostConnectionProvider(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Connection getConnection() throws SQLException {
    DataSource current = dataSource;
    if (current == null) {
      throw new SQLException("the retention scheduler is shut down");
    }
    return current.getConnection();
  }

  /** Called by Quartz's job store on shutdown; the pool itself is the host's to close. */
  @Override
  public void shutdown() {
    dataSource = null;
  }

  @Override
  public void initialize() {}
}
