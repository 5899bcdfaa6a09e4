package ai.mai.retention.examples;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.embedded.Retention;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import ai.mai.retention.scheduler.quartz.ScheduleSettings;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A host application that embeds mAI Retention the way the mAI Java backend does: its own HikariCP
 * pool, the front door, and the nightly schedule started and closed with the host. The README's
 * "Embedding" section shows the marked part of {@link #embed(DataSource)}; a test keeps the two
 * equal and runs this on SQLite and PostgreSQL.
 *
 * <p>{@code java ... EmbeddedHost jdbc:sqlite:/path/to/webui.db} (or a PostgreSQL URL).
 */
public final class EmbeddedHost {

  /** What the host saw, for its test. */
  public record Outcome(
      CleanupReport report,
      CleanupReport preview,
      List<JournalEntry> runs,
      HealthReport health,
      Optional<Instant> nightlyNextRun,
      boolean nightlyClosed) {}

  private EmbeddedHost() {}

  /**
   * Runs the host once against the database at {@code args[0]}.
   *
   * @param args the JDBC URL of a database that holds {@code processed_generations}
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: EmbeddedHost <jdbc url>");
      System.exit(2);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setMaximumPoolSize(5);
    try (HikariDataSource dataSource = new HikariDataSource(config)) {
      Outcome outcome = embed(dataSource);
      System.out.println(
          "deleted "
              + outcome.report().recordsDeleted()
              + ", healthy "
              + outcome.health().healthy());
    }
  }

  /**
   * The host's use of the library, start to stop.
   *
   * @param dataSource the host's pool
   * @return what it saw
   */
  public static Outcome embed(DataSource dataSource) {
    // tag::embedding[]
    Retention retention =
        Retention.builder(dataSource) // SQLite or PostgreSQL, detected
            .retentionDays(90)
            .tenantRetention(Map.of("org-a", 180))
            .legalHolds(Set.of("org-c"))
            .build();
    retention.migrate(); // creates or adopts the library's tables; idempotent
    CleanupReport report = retention.runNow(); // journaled; a failed run is a report
    CleanupReport preview = retention.preview(); // dry run: nothing deleted or journaled
    List<JournalEntry> runs = retention.history(10); // newest first
    HealthReport health = retention.health(Duration.ofHours(26));

    // The nightly schedule (retention-scheduler-quartz), started and closed by the host:
    QuartzCleanupScheduler nightly =
        QuartzCleanupScheduler.create(retention, ScheduleSettings.defaults());
    nightly.start();
    Optional<Instant> nextRun = nightly.nextFireTime(); // midnight UTC
    // ... the host serves its requests; when it stops:
    nightly.close();
    // end::embedding[]
    return new Outcome(report, preview, runs, health, nextRun, nightly.isShutdown());
  }
}
