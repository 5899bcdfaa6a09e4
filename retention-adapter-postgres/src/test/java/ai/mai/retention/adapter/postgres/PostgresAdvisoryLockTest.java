package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.port.out.CleanupLock;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the advisory lock adds to the lock contract: one session holds it, and dies with it. */
class PostgresAdvisoryLockTest {

  private PostgresTestDatabase database;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create();
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void theLockIsOneAdvisoryLockOfOneSessionUntilTheLeaseCloses() {
    CleanupLock.Lease lease = database.lock().tryAcquire("run-1").orElseThrow();

    assertThat(holders()).isEqualTo(1);
    lease.keepAlive();
    lease.close();
    lease.close();

    assertThat(holders()).isZero();
  }

  @Test
  void aHolderWhoseSessionDiesReleasesTheLockAndLearnsItLostIt() {
    CleanupLock.Lease lease = database.lock().tryAcquire("run-1").orElseThrow();
    long pid =
        database.queryForLong(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2"
                + " AND classid = "
                + PostgresCleanupLock.NAMESPACE
                + " AND objid = "
                + key());

    assertThat(database.queryForLong("SELECT count(*) FROM pg_terminate_backend(" + pid + ")"))
        .isEqualTo(1);

    awaitHolders(0);
    var other = database.lockOfAnotherProcess().tryAcquire("run-2");
    assertThat(other).isPresent();
    assertThatThrownBy(lease::keepAlive)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lost the cleanup lock");
    lease.close();
    assertThat(holders()).as("closing the dead lease does not touch the new holder").isEqualTo(1);
    other.get().close();
  }

  @Test
  void keysAreFixedPerTableAndFollowPostgresNameFolding() {
    // Pinned: a different key in a later version would let two versions run at once.
    assertThat(PostgresCleanupLock.keyOf(TableName.DEFAULT)).isEqualTo(key());
    assertThat(PostgresCleanupLock.keyOf(TableName.of("Processed_Generations")))
        .isEqualTo(PostgresCleanupLock.keyOf(TableName.DEFAULT));
    assertThat(PostgresCleanupLock.keyOf(TableName.of("generations_v2")))
        .isNotEqualTo(PostgresCleanupLock.keyOf(TableName.DEFAULT));
    assertThat(PostgresCleanupLock.keyOf(TableName.of("generations_v2"))).isNotNegative();
  }

  private static int key() {
    return 2_001_133_855;
  }

  private long holders() {
    return database.queryForLong(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2"
            + " AND classid = "
            + PostgresCleanupLock.NAMESPACE
            + " AND objid = "
            + key()
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
  }

  /** A terminated backend lets go of its locks when it has finished exiting. */
  private void awaitHolders(long expected) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (holders() != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("lock still held after 10 s");
      }
      database.execute(
          connection -> {
            try (Statement statement = connection.createStatement();
                ResultSet ignored = statement.executeQuery("SELECT pg_sleep(0.05)")) {
              return null;
            }
          });
    }
  }
}
