package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.CleanupLockContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;

class PostgresCleanupLockTest extends CleanupLockContract {

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create();
  }
}
