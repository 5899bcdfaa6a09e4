package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.mai.retention.core.domain.StorageReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Storage measured and given back, through the app's real entry point: the report, the JSON, the
 * audit row, and CLEANUP_VACUUM / --vacuum on a SQLite file and a PostgreSQL database.
 */
class StorageCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400L;
  private static final int EXPIRED = 20_000;

  @TempDir Path directory;

  /** mAI's tables with 20,000 expired rows and 2,000 fresh ones, in one statement each. */
  private static String[] rows(String dateOf) {
    long old = Instant.now().getEpochSecond() - 200 * DAY;
    long fresh = Instant.now().getEpochSecond() - DAY;
    return new String[] {
      "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
          + " FROM n WHERE i < "
          + EXPIRED
          + ") SELECT 'old-' || i, 'org-' || (i % 4), "
          + dateOf
          + ", "
          + old
          + ", 0.25, 1000 FROM n",
      "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
          + " FROM n WHERE i < 2000) SELECT 'new-' || i, 'org-' || (i % 4), "
          + dateOf
          + ", "
          + fresh
          + ", 0.25, 1000 FROM n"
    };
  }

  private LegacySqliteDatabase sqlite() {
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.execute(rows("'2025-01-01'"));
    return database;
  }

  private static JsonNode json(AppRun run) throws Exception {
    assertThat(run.exitCode()).as(run.toString()).isZero();
    return JSON.readTree(run.out());
  }

  @Test
  void aRunReportsTheFilesPagesBeforeAndAfterInTheJsonTheTextAndTheAuditRow() throws Exception {
    LegacySqliteDatabase database = sqlite();
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());

    JsonNode report = json(AppRun.of(environment, "cleanup", "--json"));

    JsonNode storage = report.get("storage");
    long pageSize = database.queryForLong("PRAGMA page_size");
    assertThat(storage.at("/before/reported/page_size").asLong()).isEqualTo(pageSize);
    assertThat(storage.at("/before/bytes").asLong())
        .isEqualTo(storage.at("/before/reported/page_count").asLong() * pageSize);
    assertThat(storage.at("/after/reusable_bytes").asLong())
        .isEqualTo(storage.at("/after/reported/freelist_count").asLong() * pageSize)
        .isGreaterThan(storage.at("/before/reusable_bytes").asLong());
    assertThat(storage.get("vacuum").isNull()).isTrue();
    assertThat(report.get("storage_saved_kb").asDouble())
        .as("the Python service's estimate, kept: round(20,000 * 100 / 1024, 2), ties to even")
        .isEqualTo(1953.12);
    assertThat(
            database.queryForLong(
                "SELECT storage_bytes_after FROM processed_generation_cleanup_log WHERE run_id = '"
                    + report.get("run_id").asText()
                    + "'"))
        .isEqualTo(storage.at("/after/bytes").asLong());

    AppRun text = AppRun.of(environment, "cleanup");
    assertThat(text.exitCode()).as(text.toString()).isZero();
    assertThat(text.out()).contains("storage measured").contains("size ").contains("reusable ");
  }

  @Test
  void historyShowsEachRunsMeasuredStorageInTheReportsShapeAndLegacyRowsWithout() throws Exception {
    LegacySqliteDatabase database = sqlite();
    Map<String, String> environment = Map.of("RETENTION_DB_URL", database.url());
    JsonNode report = json(AppRun.of(environment, "cleanup", "--vacuum", "full", "--json"));

    JsonNode runs = json(AppRun.of(environment, "history", "--json"));
    AppRun text = AppRun.of(environment, "history");

    assertThat(runs).hasSize(3);
    JsonNode newest = runs.get(0);
    assertThat(newest.get("run_id").asText()).isEqualTo(report.get("run_id").asText());
    JsonNode storage = newest.get("storage");
    assertThat(fieldNames(storage)).isEqualTo(fieldNames(report.get("storage")));
    for (String figure :
        List.of(
            "/before/bytes",
            "/before/reusable_bytes",
            "/before/reported/page_count",
            "/after/bytes",
            "/after/reported/freelist_count",
            "/bytes_change",
            "/vacuum/bytes_returned")) {
      assertThat(storage.at(figure).asLong())
          .as(figure)
          .isEqualTo(report.at("/storage" + figure).asLong());
    }
    assertThat(storage.at("/vacuum/mode").asText()).isEqualTo("full");
    assertThat(storage.at("/vacuum/performed").asBoolean()).isTrue();
    assertThat(storage.at("/vacuum/duration_seconds").asDouble())
        .isCloseTo(report.at("/storage/vacuum/duration_seconds").asDouble(), within(1e-6));
    assertThat(storage.get("problem").isNull()).isTrue();
    // The Python service's rows: the key is there, null.
    assertThat(runs.get(1).has("storage")).isTrue();
    assertThat(runs.get(1).get("storage").isNull()).isTrue();
    assertThat(runs.get(2).get("storage").isNull()).isTrue();

    assertThat(text.exitCode()).as(text.toString()).isZero();
    List<String> lines = text.out().lines().toList();
    assertThat(lines.get(0)).contains("size");
    assertThat(lines.get(1))
        .contains(
            StorageReport.bytes(storage.at("/before/bytes").asLong())
                + " -> "
                + StorageReport.bytes(storage.at("/after/bytes").asLong()));
    assertThat(lines.get(2)).doesNotContain(" -> ").contains(" - ");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void vacuumFullShrinksTheFileAndReportsTheBytesAndTime() throws Exception {
    LegacySqliteDatabase database = sqlite();
    long sizeBefore = Files.size(database.file);

    JsonNode report =
        json(
            AppRun.of(
                Map.of("RETENTION_DB_URL", database.url()),
                "cleanup",
                "--vacuum",
                "full",
                "--json"));

    JsonNode vacuum = report.at("/storage/vacuum");
    assertThat(vacuum.get("mode").asText()).isEqualTo("full");
    assertThat(vacuum.get("performed").asBoolean()).as(vacuum.toString()).isTrue();
    assertThat(vacuum.get("bytes_returned").asLong()).isPositive();
    assertThat(vacuum.get("duration_seconds").asDouble()).isPositive();
    assertThat(Files.size(database.file)).isLessThan(sizeBefore / 2);
    assertThat(
            database.queryForLong(
                "SELECT vacuum_bytes_returned FROM processed_generation_cleanup_log"
                    + " WHERE run_id = '"
                    + report.get("run_id").asText()
                    + "'"))
        .isEqualTo(vacuum.get("bytes_returned").asLong());
    assertThat(database.ids()).hasSize(2_000);
  }

  @Test
  void vacuumOnlineFromTheEnvironmentGivesPagesBackWhereTheFileAllowsIt() throws Exception {
    LegacySqliteDatabase database = sqlite();
    // What the README says it takes, once: the pragma, then one VACUUM.
    database.execute("PRAGMA auto_vacuum = INCREMENTAL", "VACUUM");

    JsonNode report =
        json(
            AppRun.of(
                Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_VACUUM", "online"),
                "cleanup",
                "--json"));

    JsonNode vacuum = report.at("/storage/vacuum");
    assertThat(vacuum.get("performed").asBoolean()).as(vacuum.toString()).isTrue();
    assertThat(vacuum.get("bytes_returned").asLong()).isPositive();
    assertThat(report.at("/storage/after/reusable_bytes").asLong()).isZero();
  }

  @Test
  void vacuumOnlineOnAFileThatDoesNotAllowItSucceedsAndSaysWhatItTakes() throws Exception {
    LegacySqliteDatabase database = sqlite();

    AppRun run =
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_VACUUM", "online"), "cleanup");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("vacuum online not done")
        .contains("PRAGMA auto_vacuum = INCREMENTAL");
  }

  @Test
  void aVacuumModeThatDoesNotExistExitsTwoNamingTheSettingAndTouchesNothing() throws Exception {
    LegacySqliteDatabase database = sqlite();
    byte[] before = Files.readAllBytes(database.file);

    AppRun flag =
        AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "cleanup", "--vacuum", "sometimes");
    AppRun env =
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_VACUUM", "VACUUM FULL"), "cleanup");

    assertThat(flag.exitCode()).as(flag.toString()).isEqualTo(2);
    assertThat(flag.err()).contains("--vacuum").contains("sometimes").contains("off, online, full");
    assertThat(env.exitCode()).as(env.toString()).isEqualTo(2);
    assertThat(env.err()).contains("CLEANUP_VACUUM").contains("VACUUM FULL");
    assertThat(Files.readAllBytes(database.file)).isEqualTo(before);
  }

  @Test
  void configShowsTheVacuumSettingAndWhereItCameFrom() throws Exception {
    LegacySqliteDatabase database = sqlite();

    AppRun config =
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_VACUUM", "Online"),
            "config",
            "--json");

    assertThat(config.exitCode()).as(config.toString()).isZero();
    JsonNode vacuum = JSON.readTree(config.out()).findValue("CLEANUP_VACUUM");
    assertThat(vacuum.get("value").asText()).isEqualTo("Online");
    assertThat(vacuum.get("source").asText()).containsIgnoringCase("environment");
    AppRun byDefault = AppRun.of(Map.of("RETENTION_DB_URL", database.url()), "config", "--json");
    assertThat(JSON.readTree(byDefault.out()).findValue("CLEANUP_VACUUM").get("value").asText())
        .isEqualTo("off");
  }

  @Test
  void onPostgresqlARunReportsTheTablesSizesAndVacuumOnlineRunsVacuum() throws Exception {
    String database = PostgresServer.createDatabase();
    PostgresServer.execute(
        database,
        "SET ROLE " + PostgresServer.USER,
        "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
            + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
            + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
        "CREATE INDEX idx_pg_processed_at ON processed_generations (processed_at)");
    PostgresServer.execute(database, rows("DATE '2025-01-01'"));
    Map<String, String> environment = new HashMap<>();
    environment.put("RETENTION_DB_URL", PostgresServer.jdbcUrl(database));
    environment.put("RETENTION_DB_USER", PostgresServer.USER);
    environment.put("RETENTION_DB_PASSWORD", PostgresServer.PASSWORD);
    long vacuumsBefore =
        PostgresServer.queryForLong(
            database,
            "SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = 'processed_generations'");

    JsonNode report = json(AppRun.of(environment, "cleanup", "--vacuum", "online", "--json"));

    JsonNode storage = report.get("storage");
    assertThat(storage.at("/before/reported/table_bytes").asLong()).isPositive();
    assertThat(storage.at("/before/reported/index_bytes").asLong()).isPositive();
    assertThat(storage.at("/before/bytes").asLong())
        .isEqualTo(
            storage.at("/before/reported/table_bytes").asLong()
                + storage.at("/before/reported/index_bytes").asLong());
    assertThat(storage.at("/after/dead_rows").isNumber()).isTrue();
    assertThat(storage.at("/vacuum/performed").asBoolean()).as(storage.toString()).isTrue();
    assertThat(
            PostgresServer.queryForLong(
                database,
                "SELECT vacuum_count FROM pg_stat_user_tables"
                    + " WHERE relname = 'processed_generations'"))
        .isEqualTo(vacuumsBefore + 1);
    assertThat(
            PostgresServer.queryForLong(
                database,
                "SELECT storage_bytes_before FROM processed_generation_cleanup_log"
                    + " WHERE run_id = '"
                    + report.get("run_id").asText()
                    + "'"))
        .isEqualTo(storage.at("/before/bytes").asLong());
    JsonNode journaled =
        json(AppRun.of(environment, "history", "--json", "--limit", "1")).get(0).get("storage");
    assertThat(journaled.at("/before/bytes").asLong())
        .isEqualTo(storage.at("/before/bytes").asLong());
    assertThat(journaled.at("/after/reported/index_bytes").asLong())
        .isEqualTo(storage.at("/after/reported/index_bytes").asLong());
    assertThat(journaled.at("/after/dead_rows").asLong())
        .isEqualTo(storage.at("/after/dead_rows").asLong());
    assertThat(journaled.at("/vacuum/performed").asBoolean()).isTrue();
  }
}
