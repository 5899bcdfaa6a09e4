package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.PackagedJar.Finished;
import ai.mai.retention.app.PackagedJar.Started;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command of the packaged jar as a real process: exit codes, and that the process ends as
 * soon as its work is done (it used to linger 30 s in its own shutdown hook) or, on SIGTERM, as
 * soon as the batch in flight is committed and journaled.
 */
class PackagedJarIT {

  /**
   * How long a process may linger after its last line of output. The hang this guards against was
   * 30 s; a clean exit takes milliseconds, the rest is slack for a loaded 2-core machine.
   */
  private static final Duration PROMPT = Duration.ofSeconds(5);

  @TempDir java.nio.file.Path directory;

  private LegacySqliteDatabase database;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.insert("old", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.5, 10);
    database.insert("new", "org-a", Instant.now(), 0.5, 10);
  }

  private Map<String, String> onDatabase() {
    return Map.of("RETENTION_DB_URL", database.url());
  }

  private static void assertPrompt(Finished finished, int exitCode) {
    assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(exitCode);
    assertThat(finished.afterLastOutput()).as(finished.toString()).isLessThan(PROMPT);
    // stdout carries the report only (cleanup --json | jq), stderr no stack traces.
    assertThat(finished.out()).as(finished.toString()).doesNotContain("ch.qos.logback");
    assertThat(finished.err()).as(finished.toString()).doesNotContain("\tat ");
  }

  @Test
  void helpOfEveryCommandExitsZeroAtOnce() {
    Finished top = PackagedJar.run(directory, Map.of(), "--help");
    assertPrompt(top, 0);
    assertThat(top.out()).contains("Usage: retention-app");
    for (String command :
        new String[] {"cleanup", "run", "demo", "history", "health", "migrate", "config"}) {
      Finished help = PackagedJar.run(directory, Map.of(), command, "--help");
      assertPrompt(help, 0);
      assertThat(help.out()).contains("Usage: retention-app " + command);
    }
  }

  @Test
  void badUsageExitsTwoAtOnceAndTouchesNothing() {
    var tables = database.tables();

    Finished noCommand = PackagedJar.run(directory, onDatabase());
    Finished unknownOption = PackagedJar.run(directory, onDatabase(), "cleanup", "--frobnicate");
    Finished badSetting =
        PackagedJar.run(directory, onDatabase(), "cleanup", "--retention-days", "0");
    Finished unknownCommand = PackagedJar.run(directory, onDatabase(), "purge-everything");

    assertPrompt(noCommand, 2);
    assertPrompt(unknownOption, 2);
    assertThat(unknownOption.err()).contains("--frobnicate");
    assertPrompt(badSetting, 2);
    assertThat(badSetting.err()).contains("--retention-days").contains("between 1 and 36500");
    assertPrompt(unknownCommand, 2);
    assertThat(database.tables()).isEqualTo(tables);
  }

  @Test
  void everyCommandOnARealDatabaseExitsWithItsCodeAtOnce() {
    // The Python service's newest success is from 2025: unhealthy.
    Finished staleHealth = PackagedJar.run(directory, onDatabase(), "health");
    Finished migrate = PackagedJar.run(directory, onDatabase(), "migrate");
    Finished dryRun = PackagedJar.run(directory, onDatabase(), "cleanup", "--dry-run");
    Finished cleanup = PackagedJar.run(directory, onDatabase(), "cleanup", "--json");
    Finished history = PackagedJar.run(directory, onDatabase(), "history");
    Finished health;
    // With the Dockerfile HEALTHCHECK's JVM flags.
    try (Started check =
        PackagedJar.start(
            directory,
            onDatabase(),
            java.util.List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
            "health",
            "--json")) {
      health = check.await(Duration.ofMinutes(1));
    }
    Finished config = PackagedJar.run(directory, onDatabase(), "config");
    Finished demo =
        PackagedJar.run(
            directory, Map.of(), "demo", "--rows", "2000", "--file", "demo.db", "--json");

    assertPrompt(staleHealth, 1);
    assertThat(staleHealth.out()).containsIgnoringCase("unhealthy");
    assertPrompt(migrate, 0);
    assertPrompt(dryRun, 0);
    assertPrompt(cleanup, 0);
    assertThat(cleanup.out()).contains("\"status\" : \"succeeded\"");
    assertThat(database.ids()).containsExactly("new");
    assertPrompt(history, 0);
    assertThat(history.out()).contains("succeeded");
    assertPrompt(health, 0);
    assertThat(health.out()).contains("\"healthy\" : true");
    assertPrompt(config, 0);
    assertThat(config.out()).contains("RETENTION_DB_URL");
    assertPrompt(demo, 0);
    assertThat(demo.out()).contains("\"status\" : \"succeeded\"");
  }

  @Test
  void sigtermStopsACleanupMidRunAfterItsBatchAndJournalsIt() throws Exception {
    // 200,000 expired rows in batches of 200: about a thousand batches, far longer than the test.
    database.insertExpired(200_000);
    long before = database.queryForLong("SELECT count(*) FROM processed_generations");
    try (Started cleanup =
        PackagedJar.start(directory, onDatabase(), "cleanup", "--batch-size", "200")) {
      awaitTrue(
          () -> database.queryForLong("SELECT coalesce(max(batches), 0) FROM retention_run") >= 5,
          Duration.ofSeconds(60),
          cleanup);

      long signalled = System.nanoTime();
      cleanup.sigterm();
      Finished finished = cleanup.await(Duration.ofSeconds(30));
      Duration stopTook = Duration.ofNanos(System.nanoTime() - signalled);

      assertThat(finished.exitCode()).as(finished.toString()).isEqualTo(1);
      assertThat(stopTook).as(finished.toString()).isLessThan(Duration.ofSeconds(10));
      assertThat(finished.out()).contains("interrupted");
      assertThat(finished.err()).contains("interrupted by shutdown");
    }
    long deleted = before - database.queryForLong("SELECT count(*) FROM processed_generations");
    assertThat(deleted).isPositive().isLessThan(before - 1);
    assertThat(
            database.strings(
                "SELECT status || '|' || records_deleted || '|' || success"
                    + " FROM processed_generation_cleanup_log WHERE run_id IS NOT NULL"))
        .containsExactly("interrupted|" + deleted + "|0");
    assertThat(database.queryForLong("SELECT count(*) FROM retention_run")).isZero();
    assertThat(database.queryForLong("SELECT count(*) FROM retention_lock WHERE owner IS NOT NULL"))
        .as("the lock is released")
        .isZero();
  }

  @Test
  void afterKillNineTheNextCleanupTakesTheDeadRunsLockAtOnceAndJournalsIt() throws Exception {
    database.insertExpired(200_000);
    try (Started killed =
        PackagedJar.start(directory, onDatabase(), "cleanup", "--batch-size", "200")) {
      awaitTrue(
          () -> database.queryForLong("SELECT coalesce(max(batches), 0) FROM retention_run") >= 5,
          Duration.ofSeconds(60),
          killed);
      killed.sigkill();
      assertThat(killed.await(Duration.ofSeconds(30)).exitCode()).isEqualTo(137);
    }
    assertThat(database.queryForLong("SELECT count(*) FROM retention_lock WHERE owner IS NOT NULL"))
        .as("the killed run could not release its lock")
        .isOne();

    Finished next = PackagedJar.run(directory, onDatabase(), "cleanup", "--json");

    assertPrompt(next, 0);
    assertThat(next.out()).contains("\"status\" : \"succeeded\"");
    assertThat(next.err()).contains("Took over the cleanup lock").contains("is gone");
    assertThat(database.ids()).containsExactly("new");
    assertThat(
            database.strings(
                "SELECT status FROM processed_generation_cleanup_log WHERE run_id IS NOT NULL"
                    + " ORDER BY id"))
        .containsExactly("interrupted", "succeeded");
  }

  @Test
  void twoLiveCleanupsNeverOverlap() throws Exception {
    database.insertExpired(200_000);
    try (Started first =
        PackagedJar.start(directory, onDatabase(), "cleanup", "--batch-size", "200")) {
      awaitTrue(
          () -> database.queryForLong("SELECT coalesce(max(batches), 0) FROM retention_run") >= 3,
          Duration.ofSeconds(60),
          first);

      Finished second = PackagedJar.run(directory, onDatabase(), "cleanup");

      assertPrompt(second, 3);
      assertThat(second.err()).contains("another cleanup is running");
      assertThat(first.process.isAlive()).isTrue();
      first.sigterm();
      assertThat(first.await(Duration.ofSeconds(30)).exitCode()).isEqualTo(1);
    }
  }

  @Test
  void errorsAreShortLinesAndStackTracesComeOnlyWithDebug() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Map<String, String> nothingListens =
        Map.of("RETENTION_DB_URL", "jdbc:postgresql://127.0.0.1:" + port + "/mai");

    Finished quiet = PackagedJar.run(directory, nothingListens, "cleanup");
    Finished debug = PackagedJar.run(directory, nothingListens, "cleanup", "--log-level", "DEBUG");

    assertPrompt(quiet, 1);
    assertThat(quiet.err().lines().filter(line -> line.startsWith("error: ")))
        .singleElement()
        .asString()
        .contains("refused");
    assertThat(quiet.err().lines().count()).as(quiet.toString()).isLessThan(5);
    assertThat(debug.exitCode()).as(debug.toString()).isEqualTo(1);
    assertThat(debug.err()).contains("\tat ");
  }

  @Test
  void sigtermStopsTheDaemonAtOnce() throws Exception {
    try (Started daemon = PackagedJar.start(directory, onDatabase(), "run", "--http-port", "0")) {
      // The catch-up run (the legacy journal is stale) journals a success.
      awaitTrue(
          () ->
              database.queryForLong(
                      "SELECT count(*) FROM processed_generation_cleanup_log"
                          + " WHERE status = 'succeeded'")
                  == 1,
          Duration.ofSeconds(60),
          daemon);

      long signalled = System.nanoTime();
      daemon.sigterm();
      Finished finished = daemon.await(Duration.ofSeconds(30));

      assertThat(finished.exitCode()).as(finished.toString()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - signalled))
          .as(finished.toString())
          .isLessThan(Duration.ofSeconds(10));
      assertThat(finished.err()).contains("stopped");
    }
  }

  static void awaitTrue(
      java.util.function.BooleanSupplier condition, Duration timeout, Started process)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.process.isAlive()) {
        throw new AssertionError(
            "'" + process.args + "' ended early:\n" + process.out.text() + process.err.text());
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // tables not there yet, and the like
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "condition not met within " + timeout + ":\n" + process.out.text() + process.err.text());
  }
}
