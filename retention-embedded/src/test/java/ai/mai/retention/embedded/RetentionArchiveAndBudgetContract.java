package ai.mai.retention.embedded;

import static ai.mai.retention.embedded.HostDatabase.CLOCK;
import static ai.mai.retention.embedded.HostDatabase.EXPIRED;
import static ai.mai.retention.embedded.HostDatabase.NOW;
import static ai.mai.retention.embedded.HostDatabase.SEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive ({@link Retention.Builder#archive}) and the time budget ({@link
 * Retention.Builder#maxDuration}) through the front door, on a real database. Written once; {@link
 * SqliteRetentionArchiveTest} and {@link PostgresRetentionArchiveTest} run it.
 */
abstract class RetentionArchiveAndBudgetContract {

  HostDatabase host;

  @TempDir Path archiveDirectory;

  abstract HostDatabase newHost();

  @BeforeEach
  void openHost() {
    host = newHost();
    host.seed();
  }

  @AfterEach
  void closeHost() {
    host.close();
  }

  Retention.Builder builder() {
    return Retention.builder(host.pool(5))
        .retentionDays(90)
        .tenantRetention(Map.of("org-a", 180))
        .legalHolds(Set.of("org-c"))
        .clock(CLOCK);
  }

  @Test
  void anArchiveDirectoryGetsEveryRowARunDeletesAndTheHistorySaysWhere() throws Exception {
    Retention retention =
        builder().archive(ArchiveTarget.file(archiveDirectory.toString())).build();
    retention.migrate();

    CleanupReport report = retention.runNow();

    assertThat(report.success()).as(String.valueOf(report.error())).isTrue();
    ArchiveReport archive = report.archive().orElseThrow();
    assertThat(archive.records()).isEqualTo(EXPIRED);
    Path file = Path.of(archive.location().orElseThrow().substring("file:".length()));
    String csv = gunzip(file);
    assertThat(csv)
        .startsWith("id,client_org_id,generation_date,processed_at,total_cost,total_tokens\n");
    assertThat(csv.lines()).hasSize(1 + EXPIRED);
    assertThat(csv).contains("org-a-200-0,org-a,").doesNotContain("org-c");
    assertThat(Files.exists(Path.of(archive.manifest().orElseThrow()))).isTrue();
    JournalEntry journaled = retention.history(1).get(0);
    assertThat(journaled.archiveLocation()).isEqualTo("file:" + file);
    assertThat(journaled.archiveRecords()).isEqualTo(EXPIRED);
    assertThat(journaled.recordsLeft()).isZero();
  }

  @Test
  void migrateMakesTheArchiveTableAndEachRunMovesItsRowsThereOnce() {
    Retention retention = builder().archive(ArchiveTarget.table("generations_archive")).build();
    assertThat(retention.migrationScript())
        .contains("CREATE TABLE IF NOT EXISTS generations_archive");
    retention.migrate();
    assertThat(host.tableExists("generations_archive")).isTrue();

    CleanupReport first = retention.runNow();
    CleanupReport second = retention.runNow();

    assertThat(first.success()).as(String.valueOf(first.error())).isTrue();
    assertThat(first.archive().orElseThrow().location()).hasValue("table:generations_archive");
    assertThat(second.recordsDeleted()).isZero();
    assertThat(host.count("SELECT count(*) FROM generations_archive")).isEqualTo(EXPIRED);
    assertThat(
            host.count(
                "SELECT count(*) FROM generations_archive WHERE archive_run_id = '"
                    + first.runId()
                    + "'"))
        .isEqualTo(EXPIRED);
    assertThat(host.rows() + host.count("SELECT count(*) FROM generations_archive"))
        .isEqualTo(SEEDED);
    assertThat(retention.history(2).get(1).archiveRecords()).isEqualTo(EXPIRED);
  }

  @Test
  void aRunWithoutItsArchiveTableRefusesBeforeDeletingAndSaysWhatCreatesIt() {
    builder().build().migrate();
    Retention retention = builder().archive(ArchiveTarget.table("generations_archive")).build();

    CleanupReport report = retention.runNow();

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.error()).contains("generations_archive").contains("migrate");
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(retention.health(Duration.ofHours(26)).healthy()).isFalse();
  }

  @Test
  void aMissingArchiveDirectoryRefusesBeforeDeleting() {
    Path missing = archiveDirectory.resolve("missing");
    Retention retention = builder().archive(ArchiveTarget.file(missing.toString())).build();
    retention.migrate();

    CleanupReport report = retention.runNow();

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.error()).contains(missing.toString()).contains("does not exist");
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(retention.history(1).get(0).status()).isEqualTo("refused");
  }

  @Test
  void badArchiveAndBudgetSettingsAreRefusedAtBuildNamingThem() {
    assertSetting(builder().archive(ArchiveTarget.table("x; DROP TABLE y")), "archive");
    assertSetting(builder().archive(ArchiveTarget.table("processed_generations")), "archive");
    assertSetting(builder().archive(ArchiveTarget.table("retention_run")), "archive");
    assertSetting(builder().maxDuration(Duration.ZERO), "maxDuration");
    assertSetting(builder().maxDuration(Duration.ofDays(31)), "maxDuration");
    assertThatThrownBy(() -> ArchiveTarget.parse("s3://bucket"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("file:<directory> or table:<name>");
  }

  private static void assertSetting(Retention.Builder builder, String setting) {
    assertThatThrownBy(builder::build)
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining(setting);
  }

  @Test
  void aRunStopsAtItsTimeBudgetAsAHealthySuccessAndTheNextRunsGoOn() {
    // Two seconds pass at every look at the clock: a one-second budget is spent after a batch.
    Clock slow = new SteppingClock(NOW, Duration.ofSeconds(2));
    Retention retention =
        builder().clock(slow).batchSize(5).maxDuration(Duration.ofSeconds(1)).build();
    retention.migrate();

    List<CleanupReport> runs = new ArrayList<>();
    do {
      runs.add(retention.runNow());
    } while (runs.get(runs.size() - 1).timeBudgetSpent() && runs.size() < 10);

    CleanupReport first = runs.get(0);
    assertThat(first.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(first.timeBudgetSpent()).isTrue();
    assertThat(first.recordsDeleted()).isEqualTo(5);
    assertThat(first.recordsLeft()).isEqualTo(EXPIRED - 5);
    assertThat(first.note())
        .contains("time budget of 1s")
        .contains((EXPIRED - 5) + " expired rows");
    assertThat(runs).hasSize(4).allMatch(CleanupReport::success);
    assertThat(runs.stream().mapToLong(CleanupReport::recordsDeleted).sum()).isEqualTo(EXPIRED);
    assertThat(host.rows()).isEqualTo(SEEDED - EXPIRED);
    JournalEntry journaled =
        retention.history(10).stream()
            .filter(entry -> first.runId().equals(entry.runId()))
            .findFirst()
            .orElseThrow();
    assertThat(journaled.success()).isTrue();
    assertThat(journaled.note()).isEqualTo(first.note());
    assertThat(journaled.recordsLeft()).isEqualTo(EXPIRED - 5);
    assertThat(retention.health(Duration.ofHours(26)).healthy()).isTrue();
  }

  static String gunzip(Path file) throws Exception {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  /** A clock that moves on by a step every time it is read. */
  static final class SteppingClock extends Clock {
    private Instant now;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
      this.now = start;
      this.step = step;
    }

    @Override
    public synchronized Instant instant() {
      Instant read = now;
      now = now.plus(step);
      return read;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
