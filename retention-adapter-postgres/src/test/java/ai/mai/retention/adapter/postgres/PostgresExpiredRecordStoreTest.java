package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;

/** The store contract with the strategy chosen per run, as in production. */
class PostgresExpiredRecordStoreTest extends ExpiredRecordStoreContract {

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create();
  }
}
