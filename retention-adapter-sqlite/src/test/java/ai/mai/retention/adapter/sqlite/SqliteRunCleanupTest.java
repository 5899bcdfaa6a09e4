package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.contract.RetentionTestDatabase;
import ai.mai.retention.core.contract.RunCleanupContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunCleanupTest extends RunCleanupContract {

  @TempDir Path directory;

  @Override
  protected RetentionTestDatabase openDatabase() {
    return SqliteTestDatabase.create(directory);
  }
}
