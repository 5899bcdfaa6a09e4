package ai.mai.retention.app.daemon;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.port.out.CleanupListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus metrics of cleanup runs: rows deleted by organization, runs by outcome, the last
 * success time, the last run's duration and rate, and the table's rows and bytes ({@link
 * TableGauges}).
 */
public final class MetricsCleanupListener implements CleanupListener {

  private final MeterRegistry registry;
  private final AtomicReference<Double> lastSuccessEpochSeconds = new AtomicReference<>(0.0);
  private final AtomicReference<Double> lastDurationSeconds = new AtomicReference<>(0.0);
  private final AtomicReference<Double> lastRowsPerSecond = new AtomicReference<>(0.0);
  private final TableGauges table;

  public MetricsCleanupListener(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder(
            "retention_last_success_timestamp_seconds",
            lastSuccessEpochSeconds,
            AtomicReference::get)
        .description("When the last successful real cleanup finished (epoch seconds)")
        .register(registry);
    Gauge.builder("retention_last_run_duration_seconds", lastDurationSeconds, AtomicReference::get)
        .description("Duration of the last real cleanup")
        .register(registry);
    Gauge.builder("retention_last_run_rows_per_second", lastRowsPerSecond, AtomicReference::get)
        .description("Delete rate of the last real cleanup")
        .register(registry);
    table = new TableGauges(registry);
  }

  /** Seeds the last-success gauge from the journal, so a restart does not look like an outage. */
  public void seedLastSuccess(double epochSeconds) {
    lastSuccessEpochSeconds.accumulateAndGet(epochSeconds, Math::max);
  }

  @Override
  public void runFinished(CleanupReport report) {
    Counter.builder("retention_runs_total")
        .description("Cleanup runs by outcome")
        .tag("outcome", report.status().label())
        .register(registry)
        .increment();
    table.record(report);
    if (report.dryRun()) {
      return;
    }
    report
        .deleted()
        .byOrganization()
        .forEach(
            (organization, totals) ->
                Counter.builder("retention_rows_deleted_total")
                    .description("Rows deleted, by organization")
                    .tag("organization", organization)
                    .register(registry)
                    .increment(totals.records()));
    double seconds = report.durationSeconds();
    lastDurationSeconds.set(seconds);
    lastRowsPerSecond.set(seconds > 0 ? report.recordsDeleted() / seconds : 0.0);
    if (report.success()) {
      lastSuccessEpochSeconds.set(
          (double) report.startedAt().plus(report.duration()).getEpochSecond());
    }
  }
}
