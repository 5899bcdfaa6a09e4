package ai.mai.retention.adapter.postgres;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static ai.mai.retention.core.contract.ContractClock.daysAgo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.contract.GenerationRow;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A batch that meets another session's lock waits at most {@link PostgresSettings#lockWait()}, then
 * fails with a message that says so, and deletes nothing of itself.
 */
class PostgresLockWaitTest {

  private static final CleanupCriteria NINETY_DAYS = CleanupCriteria.uniform(NOW, 90);

  private PostgresTestDatabase database;

  @AfterEach
  void close() {
    if (database != null) {
      database.close();
    }
  }

  @Timeout(60) // without a lock wait, the batch would wait for the holder forever
  @ParameterizedTest
  @EnumSource(
      value = SweepStrategy.class,
      names = {"BLOCK_RANGE", "KEYSET"})
  void aBatchBlockedByAnotherSessionsRowLockGivesUpAndDeletesNothing(SweepStrategy strategy)
      throws Exception {
    database =
        PostgresTestDatabase.create(
            PostgresSettings.defaults()
                .withSweepStrategy(strategy)
                .withLockWait(Duration.ofMillis(300)));
    database.insert(rows());
    ExpiredRecordStore store = database.store();

    try (Connection holder = EmbeddedPostgresServer.dataSource(database.name).getConnection()) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        // A host session that locked an expired row and went idle in its transaction.
        statement.execute("SELECT id FROM processed_generations WHERE id = 'old-3' FOR UPDATE");
      }
      TableSnapshot snapshot = store.inspect(NINETY_DAYS);
      long started = System.nanoTime();
      try (ExpiredRecordStore.Sweep sweep =
          store.openSweep(NINETY_DAYS, snapshot, OptionalInt.empty())) {
        assertThatThrownBy(sweep::deleteNextBatch)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("a delete batch on processed_generations")
            .hasMessageContaining("waited more than 300 ms")
            .hasMessageContaining("lock_timeout");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("gave up instead of waiting for the holder")
          .isLessThan(Duration.ofSeconds(10));
      assertThat(database.remainingIds()).hasSize(rows().size());
      holder.rollback();
    }

    TableSnapshot snapshot = store.inspect(NINETY_DAYS);
    try (ExpiredRecordStore.Sweep sweep =
        store.openSweep(NINETY_DAYS, snapshot, OptionalInt.empty())) {
      assertThat(sweep.deleteNextBatch()).isPresent();
    }
    assertThat(database.remainingIds()).containsExactly("new-1", "new-2");
  }

  @Test
  void theLockWaitIsBounded() {
    assertThatThrownBy(() -> PostgresSettings.defaults().withLockWait(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lock wait");
    assertThatThrownBy(() -> PostgresSettings.defaults().withLockWait(Duration.ofHours(2)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(PostgresSettings.defaults().lockWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(PostgresTransactions.millis(Duration.ofSeconds(10))).isEqualTo("10000ms");
  }

  private static List<GenerationRow> rows() {
    return List.of(
        GenerationRow.at("old-1", "org-a", daysAgo(120), 0.1, 10),
        GenerationRow.at("old-2", "org-b", daysAgo(100), 0.2, 20),
        GenerationRow.at("old-3", "org-a", daysAgo(95), 0.3, 30),
        GenerationRow.at("new-1", "org-a", daysAgo(10), 0.4, 40),
        GenerationRow.at("new-2", "org-b", daysAgo(1), 0.5, 50));
  }
}
