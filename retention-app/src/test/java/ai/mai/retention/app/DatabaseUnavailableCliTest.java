package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that is busy or away is a failed run (exit 1) or an unhealthy answer, never a bad
 * configuration (exit 2); health says why at once, as JSON with {@code --json}.
 */
class DatabaseUnavailableCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  private static String refusedPostgresUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return "jdbc:postgresql://127.0.0.1:" + port + "/mai";
  }

  @Test
  void aPostgresqlServerThatIsDownFailsTheRunAndMakesHealthUnhealthyAtOnce() throws Exception {
    Map<String, String> environment =
        Map.of("RETENTION_DB_URL", refusedPostgresUrl(), "RETENTION_DB_USER", "mai");

    long started = System.nanoTime();
    AppRun health = AppRun.of(environment, "health", "--json");
    Duration healthTook = Duration.ofNanos(System.nanoTime() - started);
    AppRun text = AppRun.of(environment, "health");
    AppRun cleanup = AppRun.of(environment, "cleanup");

    assertThat(health.exitCode()).as(health.toString()).isEqualTo(1);
    JsonNode report = JSON.readTree(health.out());
    assertThat(report.get("status").asText()).isEqualTo("unhealthy");
    assertThat(report.get("database").asText()).isEqualTo("unavailable");
    assertThat(report.get("reason").asText()).contains("refused");
    assertThat(healthTook).isLessThan(Duration.ofSeconds(10));
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.out()).startsWith("UNHEALTHY: cannot read the journal");
    assertThat(cleanup.exitCode()).as(cleanup.toString()).isEqualTo(1);
    assertThat(cleanup.err()).contains("refused").doesNotContain("\tat ");
  }

  @Test
  void aSqliteFileLockedByAnotherWriterIsAFailedRunNotABadConfiguration() throws Exception {
    LegacySqliteDatabase database =
        LegacySqliteDatabase.create(directory.resolve("webui.db"), true, true);
    database.insert("old", "org-a", Instant.now().minusSeconds(200 * 86_400L), 0.5, 10);
    database.insert("new", "org-a", Instant.now(), 0.5, 10);
    try (Connection holder = DriverManager.getConnection(database.url());
        Statement statement = holder.createStatement()) {
      // A writer that holds the file (rollback journal: readers wait too) past the lock wait.
      statement.execute("BEGIN EXCLUSIVE");
      Map<String, String> environment =
          Map.of("RETENTION_DB_URL", database.url(), "RETENTION_LOCK_WAIT", "300ms");

      AppRun cleanup = AppRun.of(environment, "cleanup");
      AppRun health = AppRun.of(environment, "health");

      assertThat(cleanup.exitCode()).as(cleanup.toString()).isEqualTo(1);
      assertThat(cleanup.err()).contains("SQLITE_BUSY").doesNotContain("\tat ");
      assertThat(health.exitCode()).as(health.toString()).isEqualTo(1);
      statement.execute("ROLLBACK");
    }
    assertThat(database.ids()).containsExactly("new", "old");
  }
}
