package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.KilledRunContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import java.time.Duration;
import java.util.List;

class PostgresKilledRunTest extends KilledRunContract {

  private PostgresTestDatabase postgres;

  @Override
  protected RetentionTestDatabase openDatabase() {
    postgres = PostgresTestDatabase.create();
    return postgres;
  }

  @Override
  protected List<String> childCommand(int batchSize) {
    return List.of(
        PostgresCleanupChild.class.getName(),
        EmbeddedPostgresServer.server().getJdbcUrl("postgres", postgres.name),
        Integer.toString(batchSize));
  }

  /** The server drops a dead session's advisory lock; give it a moment to notice. */
  @Override
  protected Duration lockReleaseAfterKill() {
    return Duration.ofMillis(200);
  }

  /** Batches of 50 rows, each its own transaction: 24,000 expired rows take a few seconds. */
  @Override
  protected int batchSize() {
    return 50;
  }
}
