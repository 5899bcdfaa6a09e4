package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.RetentionPolicyContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import org.junit.jupiter.api.Nested;

/**
 * The policy contract with the sweep strategy chosen per run, as in production, and with each
 * strategy forced, so that both delete statements are held to the same ground truth.
 */
class PostgresRetentionPolicyTest extends RetentionPolicyContract {

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create();
  }

  /** Fewer cases per forced strategy: the per-run choice above already reaches both. */
  static final int CASES_PER_FORCED_STRATEGY = 30;

  @Nested
  class BlockRange extends RetentionPolicyContract {
    @Override
    protected int caseCount() {
      return CASES_PER_FORCED_STRATEGY;
    }

    @Override
    protected RetentionTestDatabase openDatabase() {
      return PostgresTestDatabase.create(
          PostgresSettings.defaults().withSweepStrategy(SweepStrategy.BLOCK_RANGE));
    }
  }

  @Nested
  class Keyset extends RetentionPolicyContract {
    @Override
    protected int caseCount() {
      return CASES_PER_FORCED_STRATEGY;
    }

    @Override
    protected RetentionTestDatabase openDatabase() {
      return PostgresTestDatabase.create(
          PostgresSettings.defaults().withSweepStrategy(SweepStrategy.KEYSET));
    }
  }
}
