package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.cli.ShutdownSignal;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLEANUP_ARCHIVE / --archive and CLEANUP_MAX_DURATION / --max-duration through the app's real
 * entry point on SQLite files: the report, the JSON, the history, the exit codes, bad values, and a
 * daemon whose run stopped at its budget.
 */
class ArchiveAndBudgetCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400L;

  @TempDir Path directory;

  /** The legacy file with {@code expired} rows 200 days old and 100 fresh ones. */
  private LegacySqliteDatabase database(int expired) {
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    long old = Instant.now().getEpochSecond() - 200 * DAY;
    long fresh = Instant.now().getEpochSecond() - DAY;
    database.execute(
        "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
            + " FROM n WHERE i < "
            + expired
            + ") SELECT 'old-' || i, 'org-' || (i % 3), '2025-01-01', "
            + old
            + ", 0.011227, 1000 FROM n",
        "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
            + " FROM n WHERE i < 100) SELECT 'new-' || i, 'org-1', '2026-01-01', "
            + fresh
            + ", 0.5, 10 FROM n");
    return database;
  }

  private static JsonNode json(AppRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void anArchiveFileKeepsTheDeletedRowsAndTheJsonTheTextAndTheHistorySayWhere() throws Exception {
    LegacySqliteDatabase database = database(500);
    Path archive = Files.createDirectory(directory.resolve("archive"));
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    JsonNode report =
        json(AppRun.of(environment, "cleanup", "--archive", "file:" + archive, "--json"));

    assertThat(report.get("records_deleted").asLong()).isEqualTo(500);
    JsonNode kept = report.get("archive");
    assertThat(kept.get("target").asText()).isEqualTo("file:" + archive);
    assertThat(kept.get("records").asLong()).isEqualTo(500);
    assertThat(kept.get("problem").isNull()).isTrue();
    Path file = Path.of(kept.get("location").asText().substring("file:".length()));
    String csv = gunzip(file);
    assertThat(csv.lines())
        .hasSize(501)
        .contains("old-7,org-1,2025-01-01," + oldOf(csv) + ",0.011227,1000");
    assertThat(Files.exists(Path.of(kept.get("manifest").asText()))).isTrue();
    assertThat(kept.get("sha256").asText()).hasSize(64);
    assertThat(report.get("time_budget_spent").asBoolean()).isFalse();
    assertThat(report.get("records_left").asLong()).isZero();

    JsonNode history = JSON.readTree(json(AppRun.of(environment, "history", "--json")).toString());
    JsonNode newest = history.isArray() ? history.get(0) : history.get("runs").get(0);
    assertThat(newest.get("archive_location").asText()).isEqualTo(kept.get("location").asText());
    assertThat(newest.get("archive_records").asLong()).isEqualTo(500);

    AppRun text = AppRun.of(environment, "history");
    assertThat(text.out()).contains("[archive: 500 rows in file:" + file + "]");
  }

  /** The processed_at the 'old' rows got, read back from the file's first row. */
  private static String oldOf(String csv) {
    return csv.lines().skip(1).findFirst().orElseThrow().split(",")[3];
  }

  @Test
  void anArchiveTableFromTheEnvironmentIsMadeByMigrateAndGetsTheRows() throws Exception {
    LegacySqliteDatabase database = database(300);
    Map<String, String> environment =
        Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_ARCHIVE", "table:generations_archive");

    AppRun migrate = AppRun.of(environment, "migrate");
    JsonNode report = json(AppRun.of(environment, "cleanup", "--json"));

    assertThat(migrate.exitCode()).as(migrate.toString()).isZero();
    assertThat(report.at("/archive/location").asText()).isEqualTo("table:generations_archive");
    assertThat(report.at("/archive/records").asLong()).isEqualTo(300);
    assertThat(database.queryForLong("SELECT count(*) FROM generations_archive")).isEqualTo(300);
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM generations_archive WHERE archive_run_id = '"
                    + report.get("run_id").asText()
                    + "'"))
        .isEqualTo(300);
    AppRun text = AppRun.of(environment, "cleanup");
    assertThat(text.out()).contains("archive").contains("0 rows in table:generations_archive");
  }

  @Test
  void aMissingArchiveDirectoryRefusesTheRunWithExitOneAndJournalsIt() throws Exception {
    LegacySqliteDatabase database = database(50);
    Path missing = directory.resolve("no-such-dir");
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    AppRun run = AppRun.of(environment, "cleanup", "--archive", "file:" + missing);

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out() + run.err()).contains(missing.toString()).contains("does not exist");
    assertThat(database.ids()).hasSize(150);
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM processed_generation_cleanup_log WHERE status = 'refused'"
                    + " AND archive_location = 'file:"
                    + missing
                    + "'"))
        .isEqualTo(1);
    assertThat(AppRun.of(environment, "health").exitCode()).isEqualTo(1);
  }

  @Test
  void badArchiveAndBudgetValuesExitTwoNamingTheSettingAndTouchNothing() throws Exception {
    LegacySqliteDatabase database = database(10);
    byte[] before = Files.readAllBytes(database.file);
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    assertExitTwo(
        AppRun.of(environment, "cleanup", "--archive", "s3://bucket"),
        "--archive / CLEANUP_ARCHIVE (flag)");
    assertExitTwo(
        AppRun.of(environment, "cleanup", "--archive", "table:retention_run"),
        "--archive / CLEANUP_ARCHIVE (flag)");
    assertExitTwo(
        AppRun.of(environment, "cleanup", "--archive", "table:processed_generations"),
        "--archive / CLEANUP_ARCHIVE (flag)");
    assertExitTwo(
        AppRun.of(environment, "cleanup", "--archive", "table:gen-archive"),
        "--archive / CLEANUP_ARCHIVE (flag)");
    assertExitTwo(
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_MAX_DURATION", "0s"), "cleanup"),
        "CLEANUP_MAX_DURATION");
    assertExitTwo(
        AppRun.of(environment, "cleanup", "--max-duration", "soon"),
        "--max-duration / CLEANUP_MAX_DURATION (flag)");
    assertExitTwo(
        AppRun.of(environment, "cleanup", "--max-duration", "31d"),
        "--max-duration / CLEANUP_MAX_DURATION (flag)");
    assertThat(Files.readAllBytes(database.file)).isEqualTo(before);
  }

  private static void assertExitTwo(AppRun run, String setting) {
    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains(setting);
  }

  @Test
  void aRunStoppedAtItsTimeBudgetSucceedsSaysWhatItLeftAndTheNextGoesOn() throws Exception {
    LegacySqliteDatabase database = database(3_000);
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    // Batches of 10 rows 20 ms apart: 3,000 rows take 6 s, the budget is 1 s.
    JsonNode first =
        json(
            AppRun.of(
                environment, "cleanup", "--batch-size", "10", "--max-duration", "1s", "--json"));

    assertThat(first.get("success").asBoolean()).isTrue();
    assertThat(first.get("status").asText()).isEqualTo("succeeded");
    assertThat(first.get("time_budget_spent").asBoolean()).isTrue();
    long deleted = first.get("records_deleted").asLong();
    assertThat(deleted).isPositive().isLessThan(3_000);
    assertThat(first.get("records_left").asLong()).isEqualTo(3_000 - deleted);
    assertThat(first.get("note").asText())
        .contains("time budget of 1s")
        .contains(
            String.format(java.util.Locale.ROOT, "%,d expired rows are left", 3_000 - deleted));
    assertThat(AppRun.of(environment, "health").exitCode()).isZero();
    assertThat(
            database.queryForLong(
                "SELECT records_left FROM processed_generation_cleanup_log WHERE run_id = '"
                    + first.get("run_id").asText()
                    + "' AND success = 1"))
        .isEqualTo(3_000 - deleted);

    JsonNode second = json(AppRun.of(environment, "cleanup", "--json"));

    assertThat(second.get("records_deleted").asLong()).isEqualTo(3_000 - deleted);
    assertThat(second.get("note").isNull()).isTrue();
    assertThat(database.ids()).hasSize(100);
  }

  @Test
  void aDaemonWhoseRunStoppedAtItsBudgetStaysHealthy() throws Exception {
    LegacySqliteDatabase database = database(3_000);
    int port = freePort();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    ShutdownSignal shutdown = new ShutdownSignal();
    // The legacy journal's newest success is from 2025: the daemon catches up at once.
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                RetentionApp.execute(
                    new String[] {
                      "run",
                      "--http-port",
                      String.valueOf(port),
                      "--batch-size",
                      "10",
                      "--max-duration",
                      "1s"
                    },
                    Map.of("RETENTION_DB_URL", database.url()),
                    new PrintWriter(out, true),
                    new PrintWriter(err, true),
                    shutdown));
    try {
      Instant deadline = Instant.now().plusSeconds(30);
      long budgetRuns = 0;
      while (Instant.now().isBefore(deadline) && budgetRuns == 0 && !exit.isDone()) {
        Thread.sleep(200);
        try {
          budgetRuns =
              database.queryForLong(
                  "SELECT count(*) FROM processed_generation_cleanup_log WHERE success = 1"
                      + " AND records_left > 0 AND note LIKE '%time budget%'");
        } catch (RuntimeException notYetMigrated) {
          budgetRuns = 0;
        }
      }
      assertThat(budgetRuns).as(out + "\n" + err).isEqualTo(1);

      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(health.body());
      assertThat(body.get("healthy").asBoolean()).isTrue();
      assertThat(body.at("/latest_run/note").asText()).contains("time budget of 1s");
    } finally {
      shutdown.raise();
      assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }
  }

  static String gunzip(Path file) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
