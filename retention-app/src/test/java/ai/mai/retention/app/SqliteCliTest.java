package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.sqlite.SqliteDataSources;
import ai.mai.retention.adapter.sqlite.SqliteRetention;
import ai.mai.retention.adapter.sqlite.SqliteSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance checks, through the app's real entry point on real SQLite files. */
class SqliteCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400L;

  @TempDir Path directory;

  private LegacySqliteDatabase database;
  private Instant now;
  private long cutoff;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    now = Instant.now();
    cutoff = now.getEpochSecond() - 90 * DAY;
    // Ten minutes either side of the cutoff, plus clearly old and clearly new rows.
    database.insert("a-old", "org-a", Instant.ofEpochSecond(cutoff - 100 * DAY), 0.1, 100);
    database.insert("a-edge-old", "org-a", Instant.ofEpochSecond(cutoff - 600), 0.2, 200);
    database.insert("a-edge-new", "org-a", Instant.ofEpochSecond(cutoff + 600), 0.4, 400);
    database.insert("b-old", "org-b", Instant.ofEpochSecond(cutoff - 3 * DAY), 0.000123, 50);
    database.insert("b-new", "org-b", now.minusSeconds(DAY), 1.5, 1500);
    database.insert("c-new", "org-c", now.minusSeconds(60), 2.0, 2000);
  }

  private AppRun app(String... args) {
    return AppRun.of(Map.of("RETENTION_DB_URL", database.url()), args);
  }

  @Test
  void migrateKeepsTheLegacyAuditRowsAndIsIdempotent() {
    List<String> legacyRows = database.auditRows();

    AppRun first = app("migrate");
    AppRun second = app("migrate");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).contains("Applied");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("no migration applied");
    assertThat(database.auditRows()).isEqualTo(legacyRows);
    assertThat(database.tables()).contains("host_users", "retention_schema_history");
  }

  @Test
  void aDryRunPreviewsPerOrganizationAndChangesNothing() throws Exception {
    List<String> ids = database.ids();
    List<String> audit = database.auditRows();

    AppRun run = app("cleanup", "--dry-run", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("dry_run").asBoolean()).isTrue();
    assertThat(report.get("status").asText()).isEqualTo("dry_run");
    assertThat(report.get("records_deleted").asLong()).isEqualTo(3);
    assertThat(report.at("/organization_breakdown/org-a/records").asLong()).isEqualTo(2);
    assertThat(report.at("/organization_breakdown/org-b/records").asLong()).isEqualTo(1);
    assertThat(report.at("/organization_breakdown/org-a/cutoff_date").asText())
        .isEqualTo(LocalDate.ofInstant(Instant.ofEpochSecond(cutoff), ZoneOffset.UTC).toString());
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(database.auditRows()).isEqualTo(audit);
  }

  @Test
  void aDryRunNamesEveryOrganizationOfThePolicyEvenWhenNothingOfItGoes() throws Exception {
    AppRun run =
        app(
            "cleanup",
            "--dry-run",
            "--json",
            "--tenant-retention",
            "org-c=30",
            "--legal-hold",
            "org-b");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.at("/organization_policies/org-c/retention_days").asInt()).isEqualTo(30);
    assertThat(report.at("/organization_policies/org-c/records").asLong()).isZero();
    assertThat(report.at("/organization_policies/org-b/legal_hold").asBoolean()).isTrue();
    assertThat(report.at("/organization_policies/org-b/records").asLong()).isZero();
    assertThat(report.get("records_deleted").asLong()).isEqualTo(2);
    assertThat(database.ids()).hasSize(6);
  }

  @Test
  void aCleanupDeletesExactlyTheExpiredRowsAndJournalsExactStatistics() throws Exception {
    AppRun run = app("cleanup", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("success").asBoolean()).isTrue();
    assertThat(report.get("status").asText()).isEqualTo("succeeded");
    assertThat(report.get("records_before").asLong()).isEqualTo(6);
    assertThat(report.get("records_deleted").asLong()).isEqualTo(3);
    assertThat(report.get("records_remaining").asLong()).isEqualTo(3);
    assertThat(report.get("old_tokens_removed").asLong()).isEqualTo(350);
    assertThat(report.get("old_cost_removed").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.300123"));
    assertThat(report.get("days_to_keep").asInt()).isEqualTo(90);
    assertThat(report.get("cutoff_timestamp").asLong()).isBetween(cutoff, cutoff + 120);
    assertThat(report.get("cutoff_date").asText())
        .isEqualTo(LocalDate.ofInstant(Instant.ofEpochSecond(cutoff), ZoneOffset.UTC).toString());
    assertThat(report.at("/organization_breakdown/org-a/records").asLong()).isEqualTo(2);
    assertThat(report.at("/organization_breakdown/org-a/tokens").asLong()).isEqualTo(300);
    assertThat(report.at("/organization_breakdown/org-a/cost").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.3"));
    assertThat(report.at("/organization_breakdown/org-b/cost").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.000123"));
    assertThat(report.has("organization_breakdown")).isTrue();
    for (String key :
        List.of(
            "success",
            "status",
            "run_id",
            "trigger",
            "dry_run",
            "cutoff_date",
            "cutoff_timestamp",
            "days_to_keep",
            "records_before",
            "records_deleted",
            "records_remaining",
            "old_tokens_removed",
            "old_cost_removed",
            "storage_saved_kb",
            "cleanup_duration_seconds",
            "batches",
            "organization_breakdown",
            "error")) {
      assertThat(report.has(key)).as(key).isTrue();
    }
    assertThat(database.ids()).containsExactly("a-edge-new", "b-new", "c-new");
    assertThat(database.auditRows()).hasSize(3);
    assertThat(
            database.queryForLong(
                "SELECT COUNT(*) FROM processed_generation_cleanup_log"
                    + " WHERE cleanup_date >= date('now','-7 days') AND success = 1;"))
        .isEqualTo(1);
    assertThat(
            database.queryForLong(
                "SELECT COUNT(*) FROM processed_generation_cleanup_log"
                    + " WHERE cleanup_date >= date('now','-7 days') AND success = 0;"))
        .isZero();
    assertThat(
            database.strings(
                "SELECT COUNT(*), GROUP_CONCAT(error_message) FROM processed_generation_cleanup_log"
                    + " WHERE cleanup_date >= date('now','-7 days') AND success = 0;"))
        .containsExactly("0");

    AppRun second = app("cleanup", "--json");
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(JSON.readTree(second.out()).get("records_deleted").asLong()).isZero();
    assertThat(database.auditRows()).hasSize(4);
  }

  @Test
  void theHumanReportIsATableWithTheBreakdown() {
    AppRun run = app("cleanup");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Cleanup succeeded")
        .contains("organization")
        .contains("org-a")
        .contains("org-b")
        .contains("0.300123");
  }

  @Test
  void historyListsRunsNewestFirstAndHealthFollowsTheLastSuccess() throws Exception {
    AppRun unhealthy = app("health");
    assertThat(unhealthy.exitCode()).as("legacy success is a year old: " + unhealthy).isEqualTo(1);

    app("cleanup");
    AppRun history = app("history", "--json", "--limit", "2");
    AppRun healthy = app("health", "--json");

    assertThat(history.exitCode()).as(history.toString()).isZero();
    JsonNode runs = JSON.readTree(history.out());
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("status").asText()).isEqualTo("succeeded");
    assertThat(runs.get(0).get("records_deleted").asLong()).isEqualTo(3);
    assertThat(runs.get(1).get("error_message").asText()).isEqualTo("database is locked");
    assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
    assertThat(JSON.readTree(healthy.out()).get("status").asText()).isEqualTo("healthy");
    assertThat(app("health", "--max-age", "1s").exitCode()).isIn(0, 1);
  }

  @Test
  void aCleanupWhileAnotherHoldsTheLockExitsThreeAndDeletesNothing() {
    assertThat(app("migrate").exitCode()).isZero();
    List<String> ids = database.ids();
    // Another process: its own connections to the same file, holding the run lock.
    var otherProcess =
        SqliteRetention.create(
            SqliteDataSources.forCleanup(database.url()), SqliteSettings.defaults());
    try (var held = otherProcess.lock().tryAcquire("other-run").orElseThrow()) {
      AppRun run = app("cleanup");

      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
      assertThat(run.err()).contains("another cleanup");
    }
    assertThat(database.ids()).isEqualTo(ids);
    assertThat(app("cleanup").exitCode()).as("runs again once released").isZero();
  }

  @Test
  void configShowsWhereEachValueCameFrom() {
    AppRun run =
        AppRun.of(
            Map.of("RETENTION_DB_URL", database.url(), "CLEANUP_RETENTION_DAYS", "30"),
            "config",
            "--batch-size",
            "500");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .containsPattern("CLEANUP_RETENTION_DAYS\\s+30\\s+environment")
        .containsPattern("CLEANUP_BATCH_SIZE\\s+500\\s+flag")
        .containsPattern("RETENTION_HTTP_PORT\\s+9464\\s+default")
        .containsPattern("RETENTION_HTTP_BIND\\s+127\\.0\\.0\\.1\\s+default");
  }

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
    Path config = directory.resolve("retention.properties");
    Files.writeString(
        config,
        "CLEANUP_RETENTION_DAYS=10\nCLEANUP_BATCH_SIZE=7\nRETENTION_DB_URL="
            + database.url()
            + "\n");

    AppRun fileOnly = AppRun.of(Map.of(), "config", "--config", config.toString());
    AppRun envOverFile =
        AppRun.of(Map.of("CLEANUP_RETENTION_DAYS", "20"), "config", "--config", config.toString());
    AppRun flagOverEnv =
        AppRun.of(
            Map.of("CLEANUP_RETENTION_DAYS", "20"),
            "config",
            "--config",
            config.toString(),
            "--retention-days",
            "30");

    assertThat(fileOnly.out()).containsPattern("CLEANUP_RETENTION_DAYS\\s+10\\s+config file");
    assertThat(envOverFile.out()).containsPattern("CLEANUP_RETENTION_DAYS\\s+20\\s+environment");
    assertThat(flagOverEnv.out()).containsPattern("CLEANUP_RETENTION_DAYS\\s+30\\s+flag");
  }

  @Test
  void theDemoCreatesADatabaseAndCleansIt() {
    Path demo = directory.resolve("demo.db");
    AppRun run = AppRun.of(Map.of(), "demo", "--file", demo.toString(), "--rows", "3000");
    AppRun again = AppRun.of(Map.of(), "demo", "--file", demo.toString(), "--rows", "3000");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("Cleanup preview")
        .contains("Cleanup succeeded")
        .contains("History");
    assertThat(again.exitCode()).as("a demo file is recreated: " + again).isZero();
    LegacySqliteDatabase cleaned = new LegacySqliteDatabase(demo);
    long oldest = cleaned.queryForLong("SELECT min(processed_at) FROM processed_generations");
    assertThat(oldest).isGreaterThanOrEqualTo(Instant.now().getEpochSecond() - 90 * DAY - 300);
  }

  @Test
  void theDemoNeverOverwritesARealDatabase() {
    AppRun run = AppRun.of(Map.of(), "demo", "--file", database.file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err()).contains("not a demo database");
    assertThat(database.ids()).hasSize(6);
  }
}
