package ai.mai.retention.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The table gauges in Prometheus's text, as /metrics serves them. */
class TableGaugesTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MetricsCleanupListener metrics = new MetricsCleanupListener(registry);

  private static CleanupReport report(RunStatus status, boolean dryRun, long before, long after) {
    return new CleanupReport(
        "run-1",
        CleanupTrigger.SCHEDULED,
        status,
        dryRun,
        CleanupCriteria.uniform(Instant.parse("2026-03-01T00:00:00Z"), 90),
        Instant.parse("2026-06-01T00:00:00Z"),
        Duration.ofSeconds(2),
        before,
        before - after,
        after,
        OrganizationBreakdown.EMPTY,
        1,
        null);
  }

  private String value(String name) {
    return registry
        .scrape()
        .lines()
        .filter(line -> line.startsWith(name + " "))
        .map(line -> line.substring(name.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " not exported:\n" + registry.scrape()));
  }

  @Test
  void beforeAnyRunTheTableGaugesAreNotANumber() {
    assertThat(value("retention_table_rows")).isEqualTo("NaN");
    assertThat(value("retention_table_bytes")).isEqualTo("NaN");
    assertThat(value("retention_last_vacuum_bytes_returned")).isEqualTo("NaN");
  }

  @Test
  void aMeasuredRunSetsRowsBytesAndTheVacuumsFigures() {
    StorageFigures after =
        new StorageFigures(
            40_960, OptionalLong.of(4_096), OptionalLong.empty(), Map.of("page_count", 10L));
    StorageReport storage =
        new StorageReport(
            Optional.of(after),
            Optional.of(after),
            Optional.of(
                new VacuumOutcome(VacuumMode.ONLINE, true, 8_192, Duration.ofMillis(1500), null)),
            Optional.empty());

    metrics.runFinished(report(RunStatus.SUCCEEDED, false, 100, 60).withStorage(storage));

    assertThat(value("retention_table_rows")).isEqualTo("60.0");
    assertThat(value("retention_table_bytes")).isEqualTo("40960.0");
    assertThat(value("retention_table_reusable_bytes")).isEqualTo("4096.0");
    assertThat(value("retention_table_dead_rows")).isEqualTo("NaN");
    assertThat(value("retention_last_vacuum_bytes_returned")).isEqualTo("8192.0");
    assertThat(value("retention_last_vacuum_duration_seconds")).isEqualTo("1.5");
  }

  @Test
  void aPreviewCountsTheTablesRowsAndASkippedRunChangesNothing() {
    metrics.runFinished(report(RunStatus.DRY_RUN, true, 80, 50));
    assertThat(value("retention_table_rows")).isEqualTo("80.0");

    metrics.runFinished(report(RunStatus.SKIPPED_LOCKED, false, 0, 0));
    assertThat(value("retention_table_rows")).isEqualTo("80.0");
    assertThat(value("retention_table_bytes")).isEqualTo("NaN");
  }

  /** An audit row as the journal reads it: {@code remaining} rows left, and its storage if any. */
  private static JournalEntry entry(long id, long remaining, StorageReport storage) {
    return new JournalEntry(
        id,
        LocalDate.parse("2026-06-01"),
        LocalDate.parse("2026-03-03"),
        90,
        remaining + 5,
        5L,
        remaining,
        50L,
        java.math.BigDecimal.ONE,
        0.49,
        1.0,
        true,
        null,
        Instant.parse("2026-06-01T00:00:00Z").plusSeconds(id),
        "run-" + id,
        "scheduled",
        "succeeded",
        1,
        "default=90",
        0L,
        null,
        null,
        null,
        0L,
        Optional.ofNullable(storage));
  }

  private static StorageReport measured(long bytesAfter, VacuumOutcome vacuum) {
    return new StorageReport(
        Optional.of(new StorageFigures(bytesAfter * 2, null, null, Map.of())),
        Optional.of(
            new StorageFigures(bytesAfter, OptionalLong.of(4_096), OptionalLong.empty(), Map.of())),
        Optional.ofNullable(vacuum),
        Optional.empty());
  }

  @Test
  void aSeedTakesTheNewestRowThatMeasuredTheTableAfterItsRun() {
    JournalEntry interrupted = entry(4, 999, null);
    JournalEntry refusedBeforeMeasuringAfter =
        entry(
            3,
            998,
            new StorageReport(
                Optional.of(new StorageFigures(1, null, null, Map.of())),
                Optional.empty(),
                Optional.empty(),
                Optional.of("after the run: timeout")));
    JournalEntry newestMeasured =
        entry(
            2,
            60,
            measured(
                40_960,
                new VacuumOutcome(VacuumMode.FULL, true, 8_192, Duration.ofMillis(250), null)));
    JournalEntry older = entry(1, 70, measured(50_000, null));

    assertThat(
            metrics.seedTable(
                List.of(interrupted, refusedBeforeMeasuringAfter, newestMeasured, older)))
        .hasValue(newestMeasured);

    assertThat(value("retention_table_rows")).isEqualTo("60.0");
    assertThat(value("retention_table_bytes")).isEqualTo("40960.0");
    assertThat(value("retention_table_reusable_bytes")).isEqualTo("4096.0");
    assertThat(value("retention_table_dead_rows")).isEqualTo("NaN");
    assertThat(value("retention_last_vacuum_bytes_returned")).isEqualTo("8192.0");
    assertThat(value("retention_last_vacuum_duration_seconds")).isEqualTo("0.25");
  }

  @Test
  void withoutAMeasuredRowTheGaugesStayNotANumber() {
    assertThat(metrics.seedTable(List.of(entry(2, 999, null)))).isEmpty();
    assertThat(metrics.seedTable(List.of())).isEmpty();

    assertThat(value("retention_table_rows")).isEqualTo("NaN");
    assertThat(value("retention_table_bytes")).isEqualTo("NaN");
  }

  @Test
  void aSeedNeverOverwritesWhatARunOfThisProcessSet() {
    metrics.runFinished(
        report(RunStatus.SUCCEEDED, false, 100, 60).withStorage(measured(12_288, null)));

    assertThat(metrics.seedTable(List.of(entry(9, 999, measured(50_000, null))))).isEmpty();

    assertThat(value("retention_table_rows")).isEqualTo("60.0");
    assertThat(value("retention_table_bytes")).isEqualTo("12288.0");
  }
}
