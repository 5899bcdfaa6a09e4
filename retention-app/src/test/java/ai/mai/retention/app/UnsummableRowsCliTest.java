package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: a row whose cost is 9e999 (SQLite keeps Infinity) or whose tokens are text made every
 * run fail. Now it is deleted, and the report, the JSON, the audit row and the history say how many
 * such rows the sums leave out.
 */
class UnsummableRowsCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400L;

  @TempDir Path directory;

  private LegacySqliteDatabase database;

  @BeforeEach
  void legacyDatabase() {
    database = LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    Instant now = Instant.now();
    database.insert("a-old", "org-a", now.minusSeconds(120 * DAY), 0.25, 100);
    database.insert("a-new", "org-a", now.minusSeconds(DAY), 0.5, 200);
    long old = now.getEpochSecond() - 100 * DAY;
    database.execute(
        "INSERT INTO processed_generations VALUES ('inf-cost', 'org-b', '2026-01-01', "
            + old
            + ", 9e999, 10)",
        "INSERT INTO processed_generations VALUES ('text-tokens', 'org-b', '2026-01-01', "
            + old
            + ", 0.1, 'lots')");
  }

  private AppRun app(String... args) {
    return AppRun.of(Map.of("RETENTION_DB_URL", database.url()), args);
  }

  @Test
  void rowsThatCannotBeSummedAreDeletedAndEveryReportSaysHowMany() throws Exception {
    AppRun preview = app("cleanup", "--dry-run");
    AppRun run = app("cleanup", "--json");
    AppRun history = app("history", "--json");
    AppRun text = app("history");

    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(preview.out())
        .contains("the sums exclude 2 deleted rows whose cost or tokens are not a finite number");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("records_deleted").asLong()).isEqualTo(3);
    assertThat(report.get("records_not_summed").asLong()).isEqualTo(2);
    assertThat(report.get("old_tokens_removed").asLong()).isEqualTo(100);
    assertThat(report.get("old_cost_removed").decimalValue()).isEqualByComparingTo("0.25");
    assertThat(report.at("/organization_breakdown/org-b/records_not_summed").asLong()).isEqualTo(2);
    assertThat(database.ids()).containsExactly("a-new");
    assertThat(JSON.readTree(history.out()).get(0).get("records_not_summed").asLong()).isEqualTo(2);
    assertThat(text.out()).contains("exclude 2 deleted rows");
    assertThat(
            database.queryForLong(
                "SELECT records_not_summed FROM processed_generation_cleanup_log"
                    + " WHERE run_id IS NOT NULL"))
        .isEqualTo(2);
  }
}
