package ai.mai.retention.embedded;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRetentionArchiveTest extends RetentionArchiveAndBudgetContract {

  @TempDir Path directory;

  @Override
  HostDatabase newHost() {
    return new SqliteHost(directory);
  }
}
