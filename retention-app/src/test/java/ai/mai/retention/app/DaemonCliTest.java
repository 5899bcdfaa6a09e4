package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.cli.ShutdownSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon (`run`) on a real SQLite file: schedule, catch-up, HTTP, a clean stop. */
class DaemonCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path directory;

  private LegacySqliteDatabase database;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.insert("old", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.5, 10);
    database.insert("new", "org-a", Instant.now(), 0.5, 10);
  }

  /** A daemon running in this JVM through the real entry point; stop() raises its shutdown. */
  private final class Daemon implements AutoCloseable {
    final ShutdownSignal shutdown = new ShutdownSignal();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final CompletableFuture<Integer> exit;

    Daemon(Map<String, String> environment, String... args) {
      exit =
          CompletableFuture.supplyAsync(
              () ->
                  RetentionApp.execute(
                      args,
                      environment,
                      new PrintWriter(out, true),
                      new PrintWriter(err, true),
                      shutdown));
    }

    int stop() throws Exception {
      shutdown.raise();
      return exit.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      if (!exit.isDone()) {
        stop();
      }
    }
  }

  @Test
  void aDaemonJournalsScheduledRunsServesHealthAndMetricsAndStopsCleanly() throws Exception {
    int port = freePort();
    try (Daemon daemon =
        new Daemon(
            Map.of("RETENTION_DB_URL", database.url()),
            "run",
            "--cron",
            "*/2 * * * * ?",
            "--http-port",
            String.valueOf(port))) {
      awaitTrue(
          () ->
              database.queryForLong(
                      "SELECT count(*) FROM processed_generation_cleanup_log WHERE trigger = 'scheduled'")
                  >= 2,
          Duration.ofSeconds(20),
          daemon);

      HttpResponse<String> health = get(port, "/health");
      HttpResponse<String> metrics = get(port, "/metrics");

      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.get("status").asText()).isEqualTo("healthy");
      assertThat(body.get("enabled").asBoolean()).isTrue();
      assertThat(body.get("next_fire_time").asText()).isNotEmpty();
      assertThat(body.at("/last_success/trigger").asText()).isIn("scheduled", "catch_up");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("retention_runs_total{outcome=\"succeeded\"}")
          .contains("retention_rows_deleted_total{organization=\"org-a\"} 1.0")
          .contains("retention_last_success_timestamp_seconds")
          .contains("retention_last_run_duration_seconds")
          .contains("retention_last_run_rows_per_second");
      assertThat(database.ids()).containsExactly("new");

      long stopStarted = System.nanoTime();
      assertThat(daemon.stop()).as(daemon.err.toString()).isZero();
      assertThat(Duration.ofNanos(System.nanoTime() - stopStarted))
          .isLessThan(Duration.ofSeconds(30));
      assertThat(daemon.out.toString()).contains("retention daemon running");
    }
  }

  @Test
  void withTheMidnightScheduleAStaleJournalGetsOneCatchUpRunAtStart() throws Exception {
    // The newest success in the legacy journal is from 2025: days old.
    try (Daemon daemon =
        new Daemon(Map.of("RETENTION_DB_URL", database.url()), "run", "--http-port", "0")) {
      awaitTrue(
          () ->
              database.queryForLong(
                      "SELECT count(*) FROM processed_generation_cleanup_log WHERE trigger = 'catch_up'")
                  == 1,
          Duration.ofSeconds(20),
          daemon);
      assertThat(daemon.stop()).isZero();
    }
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generation_cleanup_log WHERE trigger = 'catch_up'"))
        .isEqualTo(1);
    assertThat(database.ids()).containsExactly("new");
  }

  @Test
  void aDisabledDaemonReportsButNeverDeletes() throws Exception {
    List<String> before = database.ids();
    int port = freePort();
    try (Daemon daemon =
        new Daemon(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_ENABLED", "false"),
            "run",
            "--cron",
            "*/1 * * * * ?",
            "--http-port",
            String.valueOf(port))) {
      awaitTrue(
          () -> {
            try {
              // Every outcome is exported from the start at 0 (for the alert rules): wait for a
              // dry run to count.
              return get(port, "/metrics")
                  .body()
                  .lines()
                  .anyMatch(
                      line ->
                          line.startsWith("retention_runs_total{outcome=\"dry_run\"}")
                              && !line.endsWith(" 0.0"));
            } catch (Exception notYet) {
              return false;
            }
          },
          Duration.ofSeconds(20),
          daemon);
      HttpResponse<String> health = get(port, "/health");
      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      assertThat(JSON.readTree(health.body()).get("enabled").asBoolean()).isFalse();
      assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("disabled");
      assertThat(daemon.stop()).isZero();
    }
    assertThat(database.ids()).isEqualTo(before);
  }

  /** A schedule that fires once a year: a daemon under it starts no run in a test. */
  private static final String YEARLY = "0 0 0 1 1 ?";

  @Test
  void aRestartedDaemonExportsTheTableAsTheLastMeasuredRunLeftItFromTheFirstScrape()
      throws Exception {
    // The first daemon's catch-up run (the legacy journal's last success is from 2025) deletes
    // and measures; then it stops.
    try (Daemon first =
        new Daemon(Map.of("RETENTION_DB_URL", database.url()), "run", "--http-port", "0")) {
      awaitTrue(
          () ->
              database.queryForLong(
                      "SELECT count(*) FROM processed_generation_cleanup_log"
                          + " WHERE trigger = 'catch_up' AND storage_bytes_after > 0")
                  == 1,
          Duration.ofSeconds(20),
          first);
      assertThat(first.stop()).isZero();
    }
    String measuredRun = " FROM processed_generation_cleanup_log WHERE trigger = 'catch_up'";
    long bytes = database.queryForLong("SELECT storage_bytes_after" + measuredRun);
    long rows = database.queryForLong("SELECT records_remaining" + measuredRun);
    long auditRows = database.queryForLong("SELECT count(*) FROM processed_generation_cleanup_log");
    assertThat(rows).isEqualTo(1);

    int port = freePort();
    try (Daemon second =
        new Daemon(
            Map.of("RETENTION_DB_URL", database.url()),
            "run",
            "--cron",
            YEARLY,
            "--http-port",
            String.valueOf(port))) {
      String metrics = firstScrape(port, second);
      JsonNode health = JSON.readTree(get(port, "/health").body());

      assertThat(gauge(metrics, "retention_table_bytes")).isEqualTo(bytes);
      assertThat(gauge(metrics, "retention_table_rows")).isEqualTo(rows);
      assertThat(gauge(metrics, "retention_table_reusable_bytes"))
          .as("SQLite's free pages after that run")
          .isNotNaN()
          .isNotNegative();
      assertThat(gauge(metrics, "retention_last_success_timestamp_seconds")).isPositive();
      assertThat(gauge(metrics, "retention_runs_total{outcome=\"succeeded\"}"))
          .as("no run in the second daemon")
          .isZero();
      assertThat(health.at("/latest_run/storage/after/bytes").asLong()).isEqualTo(bytes);
      assertThat(health.at("/latest_run/storage/before/bytes").asLong()).isPositive();
      assertThat(second.stop()).as(second.err.toString()).isZero();
    }
    assertThat(database.queryForLong("SELECT count(*) FROM processed_generation_cleanup_log"))
        .as("the second daemon ran nothing")
        .isEqualTo(auditRows);
  }

  @Test
  void withoutAMeasuredRunInTheJournalTheTableGaugesAreNotANumberUntilTheFirstRun()
      throws Exception {
    // A success the Python service journaled an hour ago: recent (no catch-up), but not measured.
    long anHourAgo = Instant.now().minusSeconds(3600).getEpochSecond();
    database.execute(
        "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
            + " records_before, records_deleted, records_remaining, old_tokens_removed,"
            + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
            + " error_message, created_at) VALUES (date('now'), date('now', '-90 days'), 90, 2,"
            + " 0, 2, 0, 0.0, 0.0, 0.01, 1, NULL, "
            + anHourAgo
            + ")");
    int port = freePort();
    try (Daemon daemon =
        new Daemon(
            Map.of("RETENTION_DB_URL", database.url()),
            "run",
            "--cron",
            YEARLY,
            "--http-port",
            String.valueOf(port))) {
      String metrics = firstScrape(port, daemon);

      assertThat(gauge(metrics, "retention_table_bytes")).isNaN();
      assertThat(gauge(metrics, "retention_table_rows")).isNaN();
      assertThat(gauge(metrics, "retention_last_success_timestamp_seconds"))
          .isEqualTo((double) anHourAgo);
      assertThat(daemon.stop()).as(daemon.err.toString()).isZero();
    }
    assertThat(database.ids()).as("no run").containsExactly("new", "old");
  }

  /** The first /metrics the daemon answers. */
  private static String firstScrape(int port, Daemon daemon) throws Exception {
    String[] scraped = new String[1];
    awaitTrue(
        () -> {
          try {
            HttpResponse<String> response = get(port, "/metrics");
            scraped[0] = response.body();
            return response.statusCode() == 200;
          } catch (IOException notYet) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        },
        Duration.ofSeconds(20),
        daemon);
    return scraped[0];
  }

  /** The value of one sample on /metrics, by its name and labels as written there. */
  private static double gauge(String metrics, String sample) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(sample + " "))
        .map(line -> Double.parseDouble(line.substring(sample.length() + 1).strip()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(sample + " not on /metrics:\n" + metrics));
  }

  @Test
  void aBadCronOrTimeZoneExitsTwoBeforeAnythingStarts() throws Exception {
    List<String> tablesBefore = database.tables();

    AppRun badCron =
        AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "run", "--cron", "every night");
    AppRun badZone =
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_TIMEZONE", "Mars/Olympus"), "run");
    AppRun clusteredSqlite =
        AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "run", "--clustered");

    assertThat(badCron.exitCode()).as(badCron.toString()).isEqualTo(2);
    assertThat(badCron.err()).contains("CLEANUP_CRON").contains("every night");
    assertThat(badZone.exitCode()).as(badZone.toString()).isEqualTo(2);
    assertThat(badZone.err()).contains("CLEANUP_TIMEZONE").contains("Mars/Olympus");
    assertThat(clusteredSqlite.exitCode()).as(clusteredSqlite.toString()).isEqualTo(2);
    assertThat(clusteredSqlite.err()).contains("PostgreSQL");
    assertThat(database.tables()).as("not even migrated").isEqualTo(tablesBefore);
  }

  @Test
  void sigtermStopsARealProcessCleanly() throws Exception {
    int port = freePort();
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
    command.addAll(
        List.of(
            RetentionApp.class.getName(),
            "run",
            "--db",
            database.url(),
            "--cron",
            "*/1 * * * * ?",
            "--http-port",
            String.valueOf(port)));
    Path log = directory.resolve("daemon.log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      awaitTrue(
          () -> {
            try {
              return get(port, "/health").statusCode() == 200;
            } catch (Exception notYet) {
              return false;
            }
          },
          Duration.ofSeconds(30),
          null);
      // A run of its own journaled (the legacy row has no run id), then ticks every second.
      String ownRuns =
          "SELECT count(*) FROM processed_generation_cleanup_log"
              + " WHERE run_id IS NOT NULL AND success = 1";
      awaitTrue(() -> database.queryForLong(ownRuns) > 0, Duration.ofSeconds(30), null);

      process.destroy(); // SIGTERM

      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      assertThat(Files.readString(log)).contains("stopped");
      assertThat(database.queryForLong(ownRuns)).isPositive();
      assertThat(database.queryForLong("SELECT count(*) FROM retention_run"))
          .as("no run left open: one in flight at SIGTERM is journaled as interrupted")
          .isZero();
    } finally {
      process.destroyForcibly();
    }
  }

  private static HttpResponse<String> get(int port, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout, Daemon daemon)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (daemon != null && daemon.exit.isDone()) {
        throw new AssertionError("daemon ended early:\n" + daemon.out + "\n" + daemon.err);
      }
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // table not migrated yet, and the like
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "condition not met within "
            + timeout
            + (daemon == null ? "" : ":\n" + daemon.out + "\n" + daemon.err));
  }
}
