package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;

/** The store contract with every run walking the processed_at index. */
class PostgresKeysetSweepTest extends ExpiredRecordStoreContract {

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create(
        PostgresSettings.defaults().withSweepStrategy(SweepStrategy.KEYSET));
  }
}
