package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.CleanupChild;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The child JVM of {@link PostgresKilledRunTest}: one cleanup of the database at JDBC URL {@code
 * args[0]} in batches of {@code args[1]} rows.
 */
public final class PostgresCleanupChild {

  private PostgresCleanupChild() {}

  public static void main(String[] args) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(args[0]);
    JdbcRetentionPorts ports = PostgresRetention.create(dataSource, PostgresSettings.defaults());
    CleanupChild.run(ports.store(), ports.journal(), ports.lock(), Integer.parseInt(args[1]));
  }
}
