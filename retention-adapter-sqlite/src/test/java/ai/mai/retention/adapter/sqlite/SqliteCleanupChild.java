package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.FileRowArchive;
import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.CleanupChild;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link SqliteKilledRunTest}: one cleanup of the file at {@code args[0]} in
 * batches of {@code args[1]} rows, with a lock lease of {@code args[2]} ms (short, so that the next
 * child does not wait ten minutes for a killed one's lease), archiving into the directory {@code
 * args[3]} unless it is {@link #NO_ARCHIVE}.
 */
public final class SqliteCleanupChild {

  static final String NO_ARCHIVE = "-";

  private SqliteCleanupChild() {}

  public static void main(String[] args) {
    JdbcRetentionPorts ports =
        SqliteRetention.create(
            SqliteDataSources.forCleanup(args[0]),
            new SqliteSettings(
                null, null, null, Duration.ofMillis(Long.parseLong(args[2])), null, null));
    RowArchive archive =
        args[3].equals(NO_ARCHIVE) ? null : new FileRowArchive(Path.of(args[3]), TableName.DEFAULT);
    CleanupChild.run(
        ports.store(), ports.journal(), ports.lock(), archive, Integer.parseInt(args[1]));
  }
}
