package ai.mai.retention.app.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the alert rules rely on: counters there from the start, the failure time. */
class MetricsCleanupListenerTest {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final MetricsCleanupListener metrics = new MetricsCleanupListener(registry);

  private static CleanupReport ended(RunStatus status, Instant startedAt) {
    return new CleanupReport(
        "run",
        CleanupTrigger.SCHEDULED,
        status,
        status == RunStatus.DRY_RUN,
        CleanupCriteria.uniform(startedAt, 90),
        startedAt,
        Duration.ofSeconds(5),
        10,
        0,
        10,
        OrganizationBreakdown.EMPTY,
        0,
        status.isSuccess() ? null : "why");
  }

  private String sample(String series) {
    return registry
        .scrape()
        .lines()
        .filter(line -> line.startsWith(series + " "))
        .map(line -> line.substring(series.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not exported:\n" + registry.scrape()));
  }

  @Test
  void everyOutcomeIsExportedAtZeroBeforeAnyRun() {
    for (RunStatus status : RunStatus.outcomes()) {
      assertThat(sample("retention_runs_total{outcome=\"" + status.label() + "\"}"))
          .isEqualTo("0.0");
    }
    assertThat(sample("retention_last_failure_timestamp_seconds")).isEqualTo("0.0");
  }

  @Test
  void aFailedOrRefusedRunSetsTheFailureTimeAndAnInterruptedOrSkippedOneDoesNot() {
    Instant start = Instant.parse("2026-06-01T00:00:00Z");

    metrics.runFinished(ended(RunStatus.REFUSED, start));
    assertThat(sample("retention_last_failure_timestamp_seconds"))
        .isEqualTo(String.valueOf((double) start.plusSeconds(5).getEpochSecond()));
    metrics.runFinished(ended(RunStatus.INTERRUPTED, start.plusSeconds(100)));
    metrics.runFinished(ended(RunStatus.SKIPPED_LOCKED, start.plusSeconds(200)));
    assertThat(sample("retention_last_failure_timestamp_seconds"))
        .isEqualTo(String.valueOf((double) start.plusSeconds(5).getEpochSecond()));
    metrics.runFinished(ended(RunStatus.FAILED, start.plusSeconds(300)));
    assertThat(sample("retention_last_failure_timestamp_seconds"))
        .isEqualTo(String.valueOf((double) start.plusSeconds(305).getEpochSecond()));
    metrics.runFinished(ended(RunStatus.SUCCEEDED, start.plusSeconds(400)));

    assertThat(sample("retention_runs_total{outcome=\"refused\"}")).isEqualTo("1.0");
    assertThat(sample("retention_runs_total{outcome=\"failed\"}")).isEqualTo("1.0");
    assertThat(sample("retention_runs_total{outcome=\"succeeded\"}")).isEqualTo("1.0");
    assertThat(Double.parseDouble(sample("retention_last_success_timestamp_seconds")))
        .isGreaterThan(Double.parseDouble(sample("retention_last_failure_timestamp_seconds")));
  }
}
