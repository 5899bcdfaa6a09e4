package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.RunStatus;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Audit dates are UTC dates and timestamps are epoch seconds, whatever the zones around them: the
 * server runs in America/Los_Angeles, the JVM in Pacific/Kiritimati (UTC+14) and these sessions in
 * Asia/Kathmandu (UTC+05:45). Runs just after and just before UTC midnight fall on different local
 * dates in each.
 */
class PostgresTimeZoneTest {

  private PostgresTestDatabase database;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create(PostgresSettings.defaults(), "Asia/Kathmandu");
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void theZonesAroundTheTestAreReallyNotUtc() {
    assertThat(java.util.TimeZone.getDefault().getID()).isEqualTo("Pacific/Kiritimati");
    assertThat(text("SELECT current_setting('TimeZone')")).isEqualTo("Asia/Kathmandu");
    assertThat(text("SELECT reset_val FROM pg_settings WHERE name = 'TimeZone'"))
        .as("what the driver sent before the session changed it: the JVM's zone")
        .isEqualTo("Pacific/Kiritimati");
  }

  @Test
  void aRunJustAfterUtcMidnightIsJournaledOnThatUtcDate() {
    // 2026-06-01T00:20Z is still May 31 in Los Angeles, and already afternoon in Kiritimati.
    journal(report("run-after-midnight", Instant.parse("2026-06-01T00:20:00Z"), "0.25"));

    assertThat(text("SELECT cleanup_date::text FROM processed_generation_cleanup_log"))
        .isEqualTo("2026-06-01");
    assertThat(text("SELECT cutoff_date::text FROM processed_generation_cleanup_log"))
        .isEqualTo("2026-03-03");
    JournalEntry entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.cleanupDate()).isEqualTo(LocalDate.parse("2026-06-01"));
    assertThat(entry.cutoffDate()).isEqualTo(LocalDate.parse("2026-03-03"));
    assertThat(entry.createdAt()).isEqualTo(Instant.parse("2026-06-01T00:20:01Z"));
    assertThat(text("SELECT created_at::text FROM processed_generation_cleanup_log"))
        .isEqualTo(String.valueOf(Instant.parse("2026-06-01T00:20:01Z").getEpochSecond()));
  }

  @Test
  void aRunJustBeforeUtcMidnightIsJournaledOnThatUtcDate() {
    // 2026-06-01T23:40Z is already June 2 in Kathmandu and Kiritimati.
    journal(report("run-before-midnight", Instant.parse("2026-06-01T23:40:00Z"), "0.25"));

    assertThat(text("SELECT cleanup_date::text FROM processed_generation_cleanup_log"))
        .isEqualTo("2026-06-01");
    assertThat(database.journal().recentRuns(1).get(0).cleanupDate())
        .isEqualTo(LocalDate.parse("2026-06-01"));
  }

  @Test
  void anInterruptedRunKeepsItsCutoffDateThroughTheInFlightTable() {
    CleanupReport started = report("run-dead", Instant.parse("2026-06-01T00:10:00Z"), "1.5");
    database.journal().recordStart(started);

    assertThat(text("SELECT cutoff_date::text FROM retention_run")).isEqualTo("2026-03-03");
    List<JournalEntry> closed =
        database.journal().closeInterruptedRuns(Instant.parse("2026-06-01T02:00:00Z"));

    assertThat(closed).hasSize(1);
    assertThat(closed.get(0).cutoffDate()).isEqualTo(LocalDate.parse("2026-03-03"));
    assertThat(closed.get(0).cleanupDate()).isEqualTo(LocalDate.parse("2026-06-01"));
    assertThat(closed.get(0).costRemoved()).isEqualByComparingTo("1.5");
  }

  @Test
  void theOperatorsHealthQueriesCountTodaysRunInAnyZone() {
    journal(report("run-now", Instant.now(), "0"));

    assertThat(
            database.queryForLong(
                "SELECT COUNT(*) FROM processed_generation_cleanup_log"
                    + " WHERE cleanup_date >= current_date - 7 AND success"))
        .isEqualTo(1);
    assertThat(
            database.queryForLong(
                "SELECT COUNT(*) FROM processed_generation_cleanup_log"
                    + " WHERE cleanup_date >= current_date - 7 AND NOT success"))
        .isZero();
  }

  private void journal(CleanupReport report) {
    database.journal().recordStart(report);
    database.journal().recordFinish(report);
  }

  private String text(String sql) {
    return database.execute(
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
          }
        });
  }

  /** A successful run of 90 days' retention that took one second and deleted three rows. */
  static CleanupReport report(String runId, Instant startedAt, String cost) {
    OrganizationBreakdown deleted =
        OrganizationBreakdown.builder()
            .add("org-a", new OrganizationTotals(3, 30, new BigDecimal(cost)))
            .build();
    return new CleanupReport(
        runId,
        CleanupTrigger.MANUAL,
        RunStatus.SUCCEEDED,
        false,
        CleanupCriteria.uniform(startedAt, 90),
        startedAt,
        Duration.ofSeconds(1),
        10,
        3,
        7,
        deleted,
        1,
        null);
  }
}
