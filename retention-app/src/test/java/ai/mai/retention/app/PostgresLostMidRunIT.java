package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.app.PackagedJar.Finished;
import ai.mai.retention.app.PackagedJar.Started;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops under a running {@code cleanup} of the packaged jar: the process ends with exit
 * 1 and a short, complete account on stderr (no stack traces; that the run could not be journaled
 * is said in full), and the next run after the server returns journals the cut-off run.
 */
class PostgresLostMidRunIT {

  @TempDir Path directory;

  @Test
  void aLostServerEndsTheRunWithAShortCompleteErrorAndTheNextRunJournalsIt() throws Exception {
    try (RestartablePostgres postgres = new RestartablePostgres(directory.resolve("pgdata"))) {
      postgres.execute(
          "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
              + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
              + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
          "INSERT INTO processed_generations SELECT 'g-' || i, 'org-' || (i % 4), current_date,"
              + " extract(epoch from now())::bigint - 200 * 86400 + i, 0.001, 10"
              + " FROM generate_series(1, 300000) AS i",
          "INSERT INTO processed_generations VALUES ('keep', 'org-a', current_date,"
              + " extract(epoch from now())::bigint, 0.5, 10)");
      Map<String, String> environment =
          Map.of("RETENTION_DB_URL", postgres.jdbcUrl(), "RETENTION_DB_USER", "postgres");
      Finished cut;
      try (Started cleanup =
          PackagedJar.start(directory, environment, "cleanup", "--batch-size", "100")) {
        PackagedJarIT.awaitTrue(
            () -> postgres.queryForLong("SELECT coalesce(max(batches), 0) FROM retention_run") >= 5,
            Duration.ofSeconds(60),
            cleanup);

        postgres.stop();
        cut = cleanup.await(Duration.ofSeconds(60));
      }

      assertThat(cut.exitCode()).as(cut.toString()).isEqualTo(1);
      assertThat(cut.out()).as(cut.toString()).startsWith("Cleanup failed");
      assertThat(cut.err()).as(cut.toString()).doesNotContain("\tat ").doesNotContain("###");
      assertThat(cut.err().lines().count()).as(cut.toString()).isLessThan(25);
      String failure =
          cut.err().lines().filter(line -> line.startsWith("failed: ")).findFirst().orElseThrow();
      assertThat(failure)
          .startsWith("failed: could not journal the run: ")
          .contains("; the run had failed: ");

      postgres.start();
      Finished next = PackagedJar.run(directory, environment, "cleanup");
      assertThat(next.exitCode()).as(next.toString()).isZero();
      assertThat(
              postgres.queryForLong(
                  "SELECT count(*) FROM processed_generation_cleanup_log"
                      + " WHERE status = 'interrupted'"))
          .isOne();
      assertThat(postgres.queryForLong("SELECT count(*) FROM processed_generations")).isOne();
    }
  }
}
