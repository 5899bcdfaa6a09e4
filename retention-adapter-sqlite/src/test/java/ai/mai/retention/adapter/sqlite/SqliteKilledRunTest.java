package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.contract.KilledRunContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

class SqliteKilledRunTest extends KilledRunContract {

  static final Duration CHILD_LEASE = Duration.ofMillis(800);

  @TempDir Path directory;

  private SqliteTestDatabase sqlite;

  @Override
  protected RetentionTestDatabase openDatabase() {
    sqlite = SqliteTestDatabase.create(directory);
    return sqlite;
  }

  @Override
  protected List<String> childCommand(int batchSize) {
    return List.of(
        SqliteCleanupChild.class.getName(),
        sqlite.url,
        Integer.toString(batchSize),
        Long.toString(CHILD_LEASE.toMillis()));
  }

  @Override
  protected Duration lockReleaseAfterKill() {
    return CHILD_LEASE.plusMillis(200);
  }

  /** With the default 20 ms pause, 24,000 expired rows take about five seconds. */
  @Override
  protected int batchSize() {
    return 100;
  }
}
