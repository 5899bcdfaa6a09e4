package ai.mai.retention.app.daemon;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.out.CleanupListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus metrics of cleanup runs: rows deleted by organization, runs by outcome, the last
 * success and failure times, the last run's duration and rate, and the table's rows and bytes
 * ({@link TableGauges}). deploy/prometheus/alerts.yml and deploy/grafana use these names.
 */
public final class MetricsCleanupListener implements CleanupListener {

  private final MeterRegistry registry;
  private final AtomicReference<Double> lastSuccessEpochSeconds = new AtomicReference<>(0.0);
  private final AtomicReference<Double> lastFailureEpochSeconds = new AtomicReference<>(0.0);
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
    Gauge.builder(
            "retention_last_failure_timestamp_seconds",
            lastFailureEpochSeconds,
            AtomicReference::get)
        .description(
            "When the last real cleanup that failed or was refused ended (epoch seconds; 0 since"
                + " the daemon started without one)")
        .register(registry);
    // Every outcome from the start, at 0: Prometheus's increase() cannot see a counter's first
    // value, so a counter born at 1 would hide the first dry run or failure from the alert rules.
    for (RunStatus status : RunStatus.outcomes()) {
      runs(status);
    }
    table = new TableGauges(registry);
  }

  private Counter runs(RunStatus status) {
    return Counter.builder("retention_runs_total")
        .description("Cleanup runs by outcome")
        .tag("outcome", status.label())
        .register(registry);
  }

  /**
   * How many of the newest audit rows the daemon reads at start for one with storage figures
   * ({@link #seedTable}): a month of nightly runs. Rows without are rare (runs found interrupted,
   * the Python service's rows before the upgrade), and a figure older than that would mislead more
   * than none.
   */
  public static final int TABLE_SEED_ROWS = 31;

  /**
   * Seeds the table gauges (rows, bytes, reusable bytes, dead rows, the vacuum) from the newest of
   * {@code newestFirst} that has storage figures, so that they are there from the first scrape
   * after a restart; they stay NaN when none has.
   *
   * @param newestFirst audit rows, newest first ({@code Retention.history})
   * @return the row they were seeded from
   */
  public Optional<JournalEntry> seedTable(List<JournalEntry> newestFirst) {
    return table.seed(newestFirst);
  }

  /** Seeds the last-success gauge from the journal, so a restart does not look like an outage. */
  public void seedLastSuccess(double epochSeconds) {
    lastSuccessEpochSeconds.accumulateAndGet(epochSeconds, Math::max);
  }

  @Override
  public void runFinished(CleanupReport report) {
    runs(report.status()).increment();
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
    if (report.status() == RunStatus.FAILED || report.status() == RunStatus.REFUSED) {
      lastFailureEpochSeconds.set((double) report.finishedAt().getEpochSecond());
    }
    if (report.success()) {
      lastSuccessEpochSeconds.set((double) report.finishedAt().getEpochSecond());
    }
  }
}
