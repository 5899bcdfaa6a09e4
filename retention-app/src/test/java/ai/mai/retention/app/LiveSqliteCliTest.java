package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: the first cleanup of a database the Python service created, while mAI inserts a
 * row every 2 ms, migrates and runs (once, and five at a time); a database locked past the lock
 * wait is a failed run (exit 1), never a configuration error (exit 2).
 */
class LiveSqliteCliTest {

  private static final long DAY = 86_400L;

  @TempDir Path directory;

  private LegacySqliteDatabase database;
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final List<String> writerErrors = new ArrayList<>();
  private Thread writer;
  private int expired;

  @BeforeEach
  void legacyDatabaseWithMaiWriting() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    Instant now = Instant.now();
    for (int i = 0; i < 300; i++) {
      boolean old = i % 3 != 0;
      database.insert(
          "gen-" + i,
          "org-" + (i % 4),
          now.minusSeconds((old ? 100 + i % 50 : 1 + i % 50) * DAY),
          0.01,
          100);
      expired += old ? 1 : 0;
    }
    writer = new Thread(this::writeEvery2Ms, "mai-writer");
    writer.start();
  }

  @AfterEach
  void stopWriting() throws InterruptedException {
    writing.set(false);
    writer.join(10_000);
  }

  /** mAI: its own connection, Python's 5 s busy timeout, a fresh row every 2 ms. */
  private void writeEvery2Ms() {
    Properties properties = new Properties();
    properties.setProperty("busy_timeout", "5000");
    try (Connection connection = DriverManager.getConnection(database.url(), properties);
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_generations VALUES (?, 'org-live', ?, ?, 0.001, 10)")) {
      for (long n = 0; writing.get(); n++) {
        Instant now = Instant.now();
        insert.setString(1, "live-" + n);
        insert.setString(2, LocalDate.ofInstant(now, ZoneOffset.UTC).toString());
        insert.setLong(3, now.getEpochSecond());
        try {
          insert.executeUpdate();
        } catch (SQLException e) {
          synchronized (writerErrors) {
            writerErrors.add(e.getMessage());
          }
        }
        Thread.sleep(2);
      }
    } catch (SQLException | InterruptedException e) {
      synchronized (writerErrors) {
        writerErrors.add("writer stopped: " + e);
      }
    }
  }

  private AppRun app(String... args) {
    return AppRun.of(Map.of("RETENTION_DB_URL", database.url()), args);
  }

  private long journaledDeletes() {
    return database.queryForLong(
        "SELECT coalesce(sum(records_deleted), 0) FROM processed_generation_cleanup_log"
            + " WHERE run_id IS NOT NULL");
  }

  @Test
  void theFirstCleanupOfALegacyDatabaseMigratesAndRunsWhileMaiWrites() {
    AppRun run = app("cleanup");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(journaledDeletes()).isEqualTo(expired);
    synchronized (writerErrors) {
      assertThat(writerErrors).isEmpty();
    }
  }

  @Test
  void fiveFirstCleanupsAtOnceEachMigrateOrWaitAndNoneIsAConfigurationError() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<AppRun>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        runs.add(
            pool.submit(
                () -> {
                  start.await();
                  return app("cleanup");
                }));
      }
      start.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<AppRun> run : runs) {
        AppRun result = run.get();
        codes.add(result.exitCode());
        assertThat(result.exitCode()).as(result.toString()).isIn(0, 3);
      }
      assertThat(codes).contains(0);
    } finally {
      pool.shutdownNow();
    }
    assertThat(journaledDeletes()).isEqualTo(expired);
    synchronized (writerErrors) {
      assertThat(writerErrors).isEmpty();
    }
  }

  @Test
  void aDatabaseLockedPastTheLockWaitIsAFailedRunNotAConfigurationError() throws Exception {
    AppRun migrate = app("migrate");
    assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
    try (Connection holder = DriverManager.getConnection(database.url());
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      statement.execute("DELETE FROM host_users WHERE id = 'nobody'");

      AppRun blocked = app("cleanup", "--lock-wait", "300ms");

      assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
      assertThat(blocked.err()).contains("locked").contains("RETENTION_LOCK_WAIT");
      statement.execute("ROLLBACK");
    }
    AppRun after = app("cleanup");
    assertThat(after.exitCode()).as(after.toString()).isZero();
  }
}
