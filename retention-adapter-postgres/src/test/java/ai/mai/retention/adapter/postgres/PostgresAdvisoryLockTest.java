package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.SessionSetupDataSource;
import ai.mai.retention.core.port.out.CleanupLock;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
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
  void keysAreFixedPerSchemaAndTableAndFollowPostgresNameFolding() {
    // Pinned: a different key in a later version would let two versions run at once.
    assertThat(PostgresCleanupLock.keyOf("public", TableName.DEFAULT)).isEqualTo(key());
    assertThat(PostgresCleanupLock.keyOf("public", TableName.of("Processed_Generations")))
        .isEqualTo(key());
    assertThat(PostgresCleanupLock.keyOf("public", TableName.of("generations_v2")))
        .isNotEqualTo(key());
    assertThat(PostgresCleanupLock.keyOf("client_a", TableName.DEFAULT)).isNotEqualTo(key());
    assertThat(PostgresCleanupLock.keyOf("public", TableName.of("generations_v2"))).isNotNegative();
  }

  @Test
  void deploymentsInTwoSchemasOfOneDatabaseDoNotLockEachOtherOut() {
    for (String schema : List.of("client_a", "client_b")) {
      database.execute(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.execute("CREATE SCHEMA " + schema);
              for (String ddl : PostgresTestDatabase.PROCESSED_GENERATIONS_DDL) {
                statement.execute(
                    ddl.replace(" processed_generations", " " + schema + ".processed_generations"));
              }
            }
            return null;
          });
    }
    CleanupLock clientA = lockWithSearchPath("client_a");
    CleanupLock clientB = lockWithSearchPath("client_b");
    CleanupLock clientAElsewhere = lockWithSearchPath("client_a");

    try (CleanupLock.Lease a = clientA.tryAcquire("run-a").orElseThrow();
        CleanupLock.Lease b = clientB.tryAcquire("run-b").orElseThrow();
        CleanupLock.Lease publicSchema = database.lock().tryAcquire("run-p").orElseThrow()) {
      assertThat(clientAElsewhere.tryAcquire("run-a2"))
          .as("the same schema and table still exclude each other")
          .isEmpty();
      a.keepAlive();
      b.keepAlive();
      publicSchema.keepAlive();
    }
    assertThat(clientAElsewhere.tryAcquire("run-a3"))
        .isPresent()
        .get()
        .satisfies(CleanupLock.Lease::close);
  }

  private CleanupLock lockWithSearchPath(String schema) {
    DataSource scoped =
        new SessionSetupDataSource(
            EmbeddedPostgresServer.dataSource(database.name), "SET search_path TO " + schema);
    return PostgresRetention.create(scoped, PostgresSettings.defaults()).lock();
  }

  private static int key() {
    return 1_838_004_365;
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
