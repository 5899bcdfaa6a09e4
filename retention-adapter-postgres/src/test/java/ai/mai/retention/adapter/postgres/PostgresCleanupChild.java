package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.FileRowArchive;
import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.CleanupChild;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The child JVM of {@link PostgresKilledRunTest}: one cleanup of the database at JDBC URL {@code
 * args[0]} in batches of {@code args[1]} rows, archiving into the directory {@code args[2]} unless
 * it is {@link #NO_ARCHIVE}.
 */
public final class PostgresCleanupChild {

  static final String NO_ARCHIVE = "-";

  private PostgresCleanupChild() {}

  public static void main(String[] args) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(args[0]);
    JdbcRetentionPorts ports = PostgresRetention.create(dataSource, PostgresSettings.defaults());
    RowArchive archive =
        args[2].equals(NO_ARCHIVE) ? null : new FileRowArchive(Path.of(args[2]), TableName.DEFAULT);
    CleanupChild.run(
        ports.store(), ports.journal(), ports.lock(), archive, Integer.parseInt(args[1]));
  }
}
