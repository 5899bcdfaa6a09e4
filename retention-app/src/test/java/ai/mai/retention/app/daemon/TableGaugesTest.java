package ai.mai.retention.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
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
}
