package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;

/** The store contract with every run walking the heap in block ranges. */
class PostgresBlockRangeSweepTest extends ExpiredRecordStoreContract {

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create(
        PostgresSettings.defaults().withSweepStrategy(SweepStrategy.BLOCK_RANGE));
  }
}
