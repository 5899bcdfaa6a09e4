package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.FileRowArchive;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.KilledRunContract;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

class SqliteKilledRunTest extends KilledRunContract {

  static final Duration CHILD_LEASE = Duration.ofMillis(800);

  @TempDir Path directory;

  private SqliteTestDatabase sqlite;

  @Override
  protected JdbcTestDatabase openDatabase() {
    sqlite = SqliteTestDatabase.create(directory);
    return sqlite;
  }

  @Override
  protected List<String> childCommand(int batchSize, Optional<Path> archiveDirectory) {
    return List.of(
        SqliteCleanupChild.class.getName(),
        sqlite.url,
        Integer.toString(batchSize),
        Long.toString(CHILD_LEASE.toMillis()),
        archiveDirectory.map(Path::toString).orElse(SqliteCleanupChild.NO_ARCHIVE));
  }

  @Override
  protected RowArchive fileArchive(Path archiveDirectory) {
    return new FileRowArchive(archiveDirectory, TableName.DEFAULT);
  }

  @Override
  protected void awaitLockReleasedAfterKill() throws InterruptedException {
    Thread.sleep(CHILD_LEASE.plusMillis(200).toMillis());
  }

  /** With the default 20 ms pause, 24,000 expired rows take about five seconds. */
  @Override
  protected int batchSize() {
    return 100;
  }
}
