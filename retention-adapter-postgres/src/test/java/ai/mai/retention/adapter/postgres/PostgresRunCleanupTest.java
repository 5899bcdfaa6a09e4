package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.RetentionTestDatabase;
import ai.mai.retention.core.contract.RunCleanupContract;

class PostgresRunCleanupTest extends RunCleanupContract {

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create();
  }
}
