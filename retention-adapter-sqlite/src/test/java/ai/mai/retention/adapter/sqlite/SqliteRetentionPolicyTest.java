package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.contract.RetentionPolicyContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRetentionPolicyTest extends RetentionPolicyContract {

  @TempDir Path directory;

  @Override
  protected RetentionTestDatabase openDatabase() {
    return SqliteTestDatabase.create(directory);
  }
}
