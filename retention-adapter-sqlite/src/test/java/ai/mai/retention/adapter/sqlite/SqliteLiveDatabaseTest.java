package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.GenerationRow;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.DatabaseBusyException;
import ai.mai.retention.core.port.out.SchemaProblemException;
import ai.mai.retention.core.service.RunCleanupService;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write of the library while mAI writes to the same file every 2 ms ({@link LiveWriter}): the
 * first migration of a database the Python service created (rollback journal, its audit table with
 * a row), five first migrations at once, whole runs, five runs at once; and a database locked past
 * the lock wait, which must fail as busy, never as a configuration problem.
 */
class SqliteLiveDatabaseTest {

  @TempDir Path directory;

  private final ExecutorService pool = Executors.newFixedThreadPool(5);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private String url() {
    return "jdbc:sqlite:" + directory.resolve("webui.db");
  }

  /** A file as the Python service left it: rollback journal (not WAL), its two tables, a row. */
  private String legacyFile() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement()) {
      for (String sql : SqliteTestDatabase.PROCESSED_GENERATIONS_DDL) {
        statement.execute(sql);
      }
      for (String sql : SqliteTestDatabase.LEGACY_CLEANUP_LOG_DDL) {
        statement.execute(sql);
      }
      statement.execute(
          "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
              + " records_before, records_deleted, records_remaining, old_tokens_removed,"
              + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
              + " error_message, created_at) VALUES ('2025-07-25', '2025-04-26', 90, 14, 8, 6,"
              + " 330, 0.004, 0.78, 0.0003, 1, NULL, 1753401600)");
    }
    return url();
  }

  private void insert(List<GenerationRow> rows) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url())) {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO processed_generations VALUES (?, ?, ?, ?, ?, ?)")) {
        for (GenerationRow row : rows) {
          insert.setString(1, row.id());
          insert.setString(2, row.organizationId());
          insert.setString(3, row.generationDate().toString());
          insert.setLong(4, row.processedAt());
          insert.setDouble(5, row.totalCost());
          insert.setLong(6, row.totalTokens());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }

  /** Rows spread over the 180 days before now, five organizations; none near the cutoff. */
  private static List<GenerationRow> rowsOverTheLast180Days(int count, long seed) {
    java.util.Random random = new java.util.Random(seed);
    java.time.Instant now = java.time.Instant.now();
    List<GenerationRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      double days = random.nextBoolean() ? random.nextDouble() * 85 : 95 + random.nextDouble() * 85;
      rows.add(
          GenerationRow.at(
              "gen-" + seed + "-" + i,
              "org-" + random.nextInt(5),
              now.minusSeconds((long) (days * 86_400)),
              Math.round(random.nextDouble() * 1e6) / 1e8,
              1 + random.nextInt(8_000)));
    }
    return rows;
  }

  private long count(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static JdbcRetentionPorts ports(String url) {
    return SqliteRetention.create(SqliteDataSources.forCleanup(url), SqliteSettings.defaults());
  }

  private static RunCleanupService service(JdbcRetentionPorts ports) {
    return new RunCleanupService(
        ports.store(), ports.journal(), ports.lock(), CleanupListener.NONE, Clock.systemUTC());
  }

  private static CleanupRequest ninetyDays() {
    return CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL);
  }

  @Test
  void theFirstMigrationOfALegacyDatabaseWorksWhileMaiWrites() throws Exception {
    String url = legacyFile();
    try (LiveWriter writer = LiveWriter.start(url)) {
      assertThat(ports(url).schema().migrate()).isEqualTo(SqliteTestDatabase.MIGRATIONS);
      long before = writer.inserted();
      // Its busy handler may be between tries (up to 100 ms each) when the lock is let go.
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
      while (writer.inserted() <= before
          && writer.errors().isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      assertThat(writer.errors()).as(writer.toString()).isEmpty();
      assertThat(writer.inserted()).as("mAI keeps writing").isGreaterThan(before);
    }
    assertThat(count("SELECT count(*) FROM processed_generation_cleanup_log")).isEqualTo(1);
    assertThat(count("SELECT count(*) FROM retention_run")).isZero();
  }

  @Test
  void fiveSimultaneousFirstMigrationsApplyEachVersionOnceWhileMaiWrites() throws Exception {
    String url = legacyFile();
    CountDownLatch start = new CountDownLatch(1);
    try (LiveWriter writer = LiveWriter.start(url)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Callable<Integer> migrate =
            () -> {
              JdbcRetentionPorts ports = ports(url);
              start.await();
              return ports.schema().migrate();
            };
        results.add(pool.submit(migrate));
      }
      start.countDown();
      int applied = 0;
      for (Future<Integer> result : results) {
        applied += result.get();
      }

      assertThat(applied)
          .as("every migration applied once, by one of the five")
          .isEqualTo(SqliteTestDatabase.MIGRATIONS);
      assertThat(writer.errors()).as(writer.toString()).isEmpty();
    }
    assertThat(
            count(
                "SELECT count(*) FROM retention_schema_history"
                    + " WHERE success = 1 AND version <> '0'"))
        .isEqualTo(SqliteTestDatabase.MIGRATIONS);
    ports(url).schema().verify();
  }

  @Test
  void wholeRunsAndFiveRunsAtOnceWorkWhileMaiWrites() throws Exception {
    String url = legacyFile();
    List<GenerationRow> rows = rowsOverTheLast180Days(20_000, 31);
    insert(rows);
    long expired =
        rows.stream()
            .filter(row -> row.processedAt() < System.currentTimeMillis() / 1000 - 90 * 86_400L)
            .count();
    try (LiveWriter writer = LiveWriter.start(url)) {
      // Five processes' first cleanups at once: each migrates, then runs.
      CountDownLatch start = new CountDownLatch(1);
      List<Future<CleanupReport>> runs = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        runs.add(
            pool.submit(
                () -> {
                  JdbcRetentionPorts ports = ports(url);
                  start.await();
                  ports.schema().migrate();
                  return service(ports).runCleanup(ninetyDays());
                }));
      }
      start.countDown();
      long deleted = 0;
      List<String> outcomes = new ArrayList<>();
      for (Future<CleanupReport> run : runs) {
        CleanupReport report = run.get();
        outcomes.add(report.status() + " " + report.error());
        deleted += report.recordsDeleted();
        assertThat(report.status())
            .as(outcomes.toString())
            .isIn(RunStatus.SUCCEEDED, RunStatus.SKIPPED_LOCKED);
      }
      CleanupReport last = service(ports(url)).runCleanup(ninetyDays());

      assertThat(last.status()).as(String.valueOf(last.error())).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(deleted + last.recordsDeleted()).as(outcomes.toString()).isEqualTo(expired);
      writer.close(); // stopped and joined: every insert it counted is committed, and no more
      assertThat(writer.errors()).as(writer.toString()).isEmpty();
      assertThat(
              count("SELECT count(*) FROM processed_generations WHERE client_org_id = 'org-live'"))
          .as("none of mAI's fresh rows is deleted")
          .isEqualTo(writer.inserted());
    }
    assertThat(
            count(
                "SELECT coalesce(sum(records_deleted), 0) FROM processed_generation_cleanup_log"
                    + " WHERE run_id IS NOT NULL"))
        .isEqualTo(expired);
  }

  @Test
  void aDatabaseLockedPastTheLockWaitFailsAsBusyNotAsAConfigurationProblem() throws Exception {
    String url = legacyFile();
    JdbcRetentionPorts patient = ports(url);
    patient.schema().migrate();
    insert(rowsOverTheLast180Days(200, 37));
    JdbcRetentionPorts hurried =
        SqliteRetention.create(
            SqliteDataSources.forCleanup(url, Duration.ofMillis(300)), SqliteSettings.defaults());
    try (Connection holder = DriverManager.getConnection(url);
        Statement statement = holder.createStatement()) {
      // Another process in a long write transaction.
      statement.execute("BEGIN IMMEDIATE");
      statement.execute(
          "INSERT INTO processed_generations VALUES ('held', 'org-x', '"
              + LocalDate.now(ZoneOffset.UTC)
              + "', 1, 0.1, 1)");

      assertThatThrownBy(() -> hurried.schema().migrate())
          .isInstanceOf(DatabaseBusyException.class)
          .isNotInstanceOf(SchemaProblemException.class)
          .hasMessageContaining("300 ms");
      assertThatThrownBy(() -> hurried.lock().tryAcquire("run-busy"))
          .isInstanceOf(DatabaseBusyException.class)
          .hasMessageContaining("cleanup lock");
      CleanupReport failed = service(hurried).runCleanup(ninetyDays());
      assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.error()).contains("DatabaseBusyException").contains("locked");

      statement.execute("ROLLBACK");
    }
    CleanupReport next = service(hurried).runCleanup(ninetyDays());
    assertThat(next.status()).as(String.valueOf(next.error())).isEqualTo(RunStatus.SUCCEEDED);
  }
}
