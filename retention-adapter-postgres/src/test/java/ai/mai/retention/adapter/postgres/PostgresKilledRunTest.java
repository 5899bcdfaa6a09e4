package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.FileRowArchive;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.KilledRunContract;
import ai.mai.retention.core.port.out.RowArchive;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class PostgresKilledRunTest extends KilledRunContract {

  private PostgresTestDatabase postgres;

  @Override
  protected JdbcTestDatabase openDatabase() {
    postgres = PostgresTestDatabase.create();
    return postgres;
  }

  @Override
  protected List<String> childCommand(int batchSize, Optional<Path> archiveDirectory) {
    return List.of(
        PostgresCleanupChild.class.getName(),
        EmbeddedPostgresServer.server().getJdbcUrl("postgres", postgres.name),
        Integer.toString(batchSize),
        archiveDirectory.map(Path::toString).orElse(PostgresCleanupChild.NO_ARCHIVE));
  }

  @Override
  protected RowArchive fileArchive(Path archiveDirectory) {
    return new FileRowArchive(archiveDirectory, TableName.DEFAULT);
  }

  /** The server drops a dead session's advisory lock once the backend has finished exiting. */
  @Override
  protected void awaitLockReleasedAfterKill() throws InterruptedException {
    String held =
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
            + " AND classid = "
            + PostgresCleanupLock.NAMESPACE
            + " AND objid = "
            + PostgresCleanupLock.keyOf("public", TableName.DEFAULT)
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (postgres.queryForLong(held) > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the killed child's run lock is still held after 30 s");
      }
      Thread.sleep(50);
    }
  }

  /** Batches of 50 rows, each its own transaction: 24,000 expired rows take a few seconds. */
  @Override
  protected int batchSize() {
    return 50;
  }
}
