package ai.mai.retention.adapter.jdbc;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Lends a host's data source to a library that may keep it longer than it should (Flyway keeps its
 * last configuration, data source included, in a static field): after {@link #release()} it holds
 * nothing, and every call fails.
 */
final class ReleasableDataSource extends ForwardingDataSource {

  private volatile DataSource target;

  ReleasableDataSource(DataSource target) {
    this.target = target;
  }

  void release() {
    target = null;
  }

  @Override
  protected DataSource target() throws SQLException {
    DataSource current = target;
    if (current == null) {
      throw new SQLException("this data source was lent for one operation, which is over");
    }
    return current;
  }
}
