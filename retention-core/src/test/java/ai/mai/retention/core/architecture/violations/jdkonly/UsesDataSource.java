package ai.mai.retention.core.architecture.violations.jdkonly;

import javax.sql.DataSource;

/** Violation: javax.sql is JDBC plumbing, which belongs in an adapter. */
public class UsesDataSource {
  private DataSource dataSource;

  public DataSource dataSource() {
    return dataSource;
  }
}
