package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteExpiredRecordStoreTest extends ExpiredRecordStoreContract {

  @TempDir Path directory;

  @Override
  protected RetentionTestDatabase openDatabase() {
    return SqliteTestDatabase.create(directory);
  }
}
