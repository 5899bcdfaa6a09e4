package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.ExpiredRecordStoreContract;
import ai.mai.retention.core.contract.GenerationRow;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.TableStorageContract;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import ai.mai.retention.core.port.out.TableStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The table's sizes and dead rows on a real PostgreSQL 17, and VACUUM of it. */
class PostgresTableStorageTest extends TableStorageContract {

  private PostgresTestDatabase postgres;

  @Override
  protected JdbcTestDatabase openDatabase() {
    postgres = PostgresTestDatabase.create();
    // Autovacuum may visit the table between a test's delete and its measurement, and would then
    // clear the dead rows and truncate the tail the tests expect to see (CI once saw n_dead_tup 0).
    postgres.run("ALTER TABLE processed_generations SET (autovacuum_enabled = false)");
    return postgres;
  }

  @Override
  protected TableStorage storage() {
    return postgres.ports().storage();
  }

  private long vacuumCount() {
    return postgres.queryForLong(
        "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'processed_generations'");
  }

  /** Statistics arrive up to a second after a session's deletes: wait for them, never sleep. */
  private static StorageFigures awaitFigures(
      Supplier<StorageFigures> measure, java.util.function.Predicate<StorageFigures> until) {
    Instant deadline = Instant.now().plusSeconds(30);
    StorageFigures figures = measure.get();
    while (!until.test(figures) && Instant.now().isBefore(deadline)) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      figures = measure.get();
    }
    return figures;
  }

  @Test
  void theFiguresAreTheTablesSizesAndStatistics() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 21));

    StorageFigures figures = storage().measure();

    long table = postgres.queryForLong("SELECT pg_table_size('processed_generations')");
    long indexes = postgres.queryForLong("SELECT pg_indexes_size('processed_generations')");
    assertThat(figures.reported()).containsEntry("table_bytes", table);
    assertThat(figures.reported()).containsEntry("index_bytes", indexes);
    assertThat(figures.reported()).containsKeys("n_live_tup", "n_dead_tup");
    assertThat(figures.bytes()).isEqualTo(table + indexes);
    assertThat(figures.reusableBytes()).isEmpty();
  }

  @Test
  void deletedRowsShowAsDeadRowsOnceReportedAndAVacuumClearsThem() {
    database.insert(ExpiredRecordStoreContract.sampleRows(ROWS, 22));
    service(VacuumMode.OFF).runCleanup(mostRowsExpire());
    long deleted = ROWS - postgres.queryForLong("SELECT count(*) FROM processed_generations");

    StorageFigures reported =
        awaitFigures(storage()::measure, figures -> figures.deadRows().orElse(0) >= deleted);
    assertThat(reported.deadRows()).hasValue(deleted);

    long vacuumsBefore = vacuumCount();
    TableStorage.VacuumResult result = storage().vacuum(VacuumMode.ONLINE, () -> false);

    assertThat(result.performed()).as(String.valueOf(result.note())).isTrue();
    // VACUUM reports its result itself, at once.
    assertThat(storage().measure().deadRows()).hasValue(0);
    assertThat(vacuumCount()).isEqualTo(vacuumsBefore + 1);
  }

  @Test
  void anOnlineVacuumGivesBackTheEmptyPagesAtTheTablesEnd() {
    // Newest rows first: the expired ones fill the end of the heap, which VACUUM can truncate.
    List<GenerationRow> rows = new ArrayList<>(ExpiredRecordStoreContract.sampleRows(ROWS, 23));
    rows.sort(Comparator.comparingLong(GenerationRow::processedAt).reversed());
    database.insert(rows);

    CleanupReport report = service(VacuumMode.ONLINE).runCleanup(mostRowsExpire());

    StorageReport storage = report.storage().orElseThrow();
    VacuumOutcome vacuum = storage.vacuum().orElseThrow();
    assertThat(vacuum.performed()).as(String.valueOf(vacuum.note())).isTrue();
    assertThat(vacuum.bytesReturned()).isPositive();
    assertThat(storage.after().orElseThrow().bytes())
        .isLessThan(storage.before().orElseThrow().bytes());
    assertThat(postgres.queryForLong("SELECT count(*) FROM processed_generations"))
        .isEqualTo(report.recordsRemaining());
  }

  @Test
  void aRoleThatMayNotVacuumTheTableIsToldWhatItNeedsAndTheRunStands() {
    String role = "storage_" + postgres.name;
    postgres.run(
        "DROP ROLE IF EXISTS " + role,
        "CREATE ROLE " + role + " LOGIN",
        "GRANT SELECT, DELETE ON processed_generations TO " + role);
    try {
      TableStorage asRole =
          new PostgresTableStorage(
              EmbeddedPostgresServer.server().getDatabase(role, postgres.name),
              TableName.DEFAULT,
              Duration.ofSeconds(10));
      database.insert(ExpiredRecordStoreContract.sampleRows(1_000, 24));

      StorageFigures figures = asRole.measure();
      TableStorage.VacuumResult result = asRole.vacuum(VacuumMode.ONLINE, () -> false);

      assertThat(figures.bytes()).isPositive();
      assertThat(result.performed()).isFalse();
      assertThat(result.note())
          .contains("processed_generations")
          .contains("owner")
          .contains("GRANT MAINTAIN ON TABLE processed_generations TO <role>");
    } finally {
      postgres.run("DROP OWNED BY " + role, "DROP ROLE " + role);
    }
  }

  @Test
  void theVacuumLeavesTheSessionsOwnLockTimeoutAsItWas() throws Exception {
    database.insert(ExpiredRecordStoreContract.sampleRows(1_000, 26));
    try (var pooled = postgres.dataSource.getConnection();
        var statement = pooled.createStatement()) {
      statement.execute("SET lock_timeout = '7s'");
      // A pool that hands out this one session again, as a host's pool reuses its sessions.
      javax.sql.DataSource samePool = oneSession(pooled);

      TableStorage.VacuumResult result =
          new PostgresTableStorage(samePool, TableName.DEFAULT, Duration.ofSeconds(3))
              .vacuum(VacuumMode.ONLINE, () -> false);

      assertThat(result.performed()).as(String.valueOf(result.note())).isTrue();
      try (var shown = statement.executeQuery("SHOW lock_timeout")) {
        shown.next();
        assertThat(shown.getString(1)).isEqualTo("7s");
      }
    }
  }

  @Test
  void aFullVacuumThatCannotGetItsLockGivesUpAfterTheLockWaitAndSaysSo() throws Exception {
    database.insert(ExpiredRecordStoreContract.sampleRows(1_000, 25));
    TableStorage impatient =
        new PostgresTableStorage(postgres.dataSource, TableName.DEFAULT, Duration.ofMillis(200));
    try (var host = postgres.dataSource.getConnection();
        var statement = host.createStatement()) {
      host.setAutoCommit(false);
      statement.execute("SELECT count(*) FROM processed_generations"); // a host's open read

      TableStorage.VacuumResult result = impatient.vacuum(VacuumMode.FULL, () -> false);

      assertThat(result.performed()).isFalse();
      assertThat(result.note()).contains("failed").contains("lock timeout");
      host.rollback();
    }
    assertThat(postgres.queryForLong("SELECT count(*) FROM processed_generations"))
        .isEqualTo(1_000);
  }

  /** A data source that lends one session again and again; closing it lends it back. */
  private static javax.sql.DataSource oneSession(java.sql.Connection session) {
    return (javax.sql.DataSource)
        java.lang.reflect.Proxy.newProxyInstance(
            PostgresTableStorageTest.class.getClassLoader(),
            new Class<?>[] {javax.sql.DataSource.class},
            (dataSource, method, args) -> {
              if (!method.getName().equals("getConnection")) {
                throw new UnsupportedOperationException(method.getName());
              }
              return java.lang.reflect.Proxy.newProxyInstance(
                  PostgresTableStorageTest.class.getClassLoader(),
                  new Class<?>[] {java.sql.Connection.class},
                  (connection, call, callArgs) -> {
                    if (call.getName().equals("close")) {
                      return null;
                    }
                    try {
                      return call.invoke(session, callArgs);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
            });
  }
}
