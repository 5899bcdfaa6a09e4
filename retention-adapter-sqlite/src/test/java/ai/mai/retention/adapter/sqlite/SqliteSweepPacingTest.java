package ai.mai.retention.adapter.sqlite;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pause that lets the host's writers in between batches, and how it meets interruption. */
class SqliteSweepPacingTest {

  @TempDir Path directory;

  private SqliteTestDatabase databaseWithPause(Duration pause) {
    SqliteTestDatabase database =
        SqliteTestDatabase.create(
            directory,
            SqliteSettings.defaults().withBatchPacing(SqliteSettings.DEFAULT_BATCH_TARGET, pause));
    database.insert(ExpiredRecordStoreContract.sampleRows(400, 21));
    return database;
  }

  @Test
  void batchesAfterTheFirstWaitForThePause() {
    SqliteTestDatabase database = databaseWithPause(Duration.ofMillis(60));
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);

    try (ExpiredRecordStore.Sweep sweep =
        database
            .store()
            .openSweep(criteria, database.store().inspect(criteria), OptionalInt.of(50))) {
      assertThat(sweep.deleteNextBatch()).isPresent();
      long afterFirst = System.nanoTime();
      assertThat(sweep.deleteNextBatch()).isPresent();
      long afterSecond = System.nanoTime();

      assertThat(Duration.ofNanos(afterSecond - afterFirst))
          .isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }
  }

  @Test
  void anInterruptDuringThePauseStillDeletesTheBatchAndKeepsTheFlag() {
    SqliteTestDatabase database = databaseWithPause(Duration.ofSeconds(30));
    CleanupCriteria criteria = CleanupCriteria.uniform(NOW, 90);

    try (ExpiredRecordStore.Sweep sweep =
        database
            .store()
            .openSweep(criteria, database.store().inspect(criteria), OptionalInt.of(50))) {
      sweep.deleteNextBatch();
      Thread.currentThread().interrupt();
      long start = System.nanoTime();
      Optional<OrganizationBreakdown> second = sweep.deleteNextBatch();

      assertThat(Thread.interrupted()).as("the interrupt flag survives").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(second).map(OrganizationBreakdown::records).hasValue(50L);
    }
  }
}
