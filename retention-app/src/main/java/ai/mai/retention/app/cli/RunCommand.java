package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.Setting.Scope;
import ai.mai.retention.app.daemon.DaemonHealth;
import ai.mai.retention.app.daemon.DaemonHttpServer;
import ai.mai.retention.app.daemon.MetricsCleanupListener;
import ai.mai.retention.app.wiring.Access;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.embedded.FailureText;
import ai.mai.retention.embedded.Retention;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import ai.mai.retention.scheduler.quartz.ScheduleSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The daemon: scheduled cleanups, /health and /metrics, a clean stop on SIGTERM. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the daemon: scheduled cleanups, /health and /metrics, a clean stop on SIGTERM.",
      "Cleanup runs on a Quartz cron schedule (default every midnight UTC), plus one catch-up run",
      "at start when the last success is older than one period. On SIGTERM the batch in flight",
      "commits and the unfinished run is journaled as interrupted."
    })
final class RunCommand implements Callable<Integer>, RetentionCommand.ReadsSettings {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /**
   * How long the running cleanup may take to stop: inside the app's {@link
   * ai.mai.retention.app.RetentionApp#STOP_GRACE}, leaving time to journal it and close the pool.
   */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  @ParentCommand RetentionCommand root;

  @Spec CommandSpec spec;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description = "This replica's id in a cluster (default: generated from host name and time).")
  String instanceId;

  @Override
  public Set<Scope> scopes() {
    return Set.of(Scope.GENERAL, Scope.DATABASE, Scope.CLEANUP, Scope.DAEMON);
  }

  @Override
  public Integer call() throws InterruptedException {
    // Every setting, the schedule's too, is checked before anything starts.
    Configuration configuration = root.configuration(spec, scopes());
    ScheduleSettings schedule = configuration.schedule();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MetricsCleanupListener metrics = new MetricsCleanupListener(registry);
    DaemonHealth.LatestRun latestRun = new DaemonHealth.LatestRun();
    try (RetentionRuntime runtime =
        root.open(configuration, Access.READ_WRITE, metrics, latestRun)) {
      Retention retention = runtime.retention();
      // Refused on SQLite before anything is migrated.
      QuartzCleanupScheduler scheduler = configuration.scheduler(retention, instanceId);
      DaemonHealth health = null;
      DaemonHttpServer http = null;
      try {
        retention.migrate();
        health = new DaemonHealth(retention::health, scheduler, latestRun);
        health.lastSuccessEpochSeconds().ifPresent(metrics::seedLastSuccess);
        seedTableGauges(retention, metrics);
        scheduler.start();
        http =
            configuration.httpPort() == 0
                ? null
                : DaemonHttpServer.start(
                    configuration.httpBind(),
                    configuration.httpPort(),
                    health::response,
                    registry::scrape);
        root.out()
            .println(
                "retention daemon running: cron '"
                    + schedule.cron()
                    + "' ("
                    + schedule.zone().getId()
                    + "), next run "
                    + scheduler.nextFireTime().map(Object::toString).orElse("never")
                    + (schedule.enabled() ? "" : ", DRY RUNS ONLY (CLEANUP_ENABLED=false)")
                    + (http == null ? "" : ", http " + http.address()));
        root.out().flush();
        root.shutdown().await();
        LOG.info("stopping: letting the batch in flight commit (at most {})", STOP_TIMEOUT);
        boolean idle = scheduler.shutdown(STOP_TIMEOUT);
        LOG.info(
            idle
                ? "stopped cleanly"
                : "stopped; the unfinished run will be journaled as interrupted");
        return ExitCodes.OK;
      } finally {
        if (http != null) {
          http.close();
        }
        if (health != null) {
          health.close();
        }
        scheduler.shutdown(Duration.ZERO);
      }
    }
  }

  /**
   * The table gauges from the newest audit row with storage figures, read through the front door
   * like {@code history}, so that a restart leaves no gap on /metrics. A failed read costs only the
   * gauges (NaN until the first run), never the daemon.
   */
  private static void seedTableGauges(Retention retention, MetricsCleanupListener metrics) {
    try {
      metrics
          .seedTable(retention.history(MetricsCleanupListener.TABLE_SEED_ROWS))
          .ifPresentOrElse(
              entry ->
                  LOG.info(
                      "table gauges seeded from the audit row of {} (id {}, {})",
                      entry.runId() == null ? "a run" : "run " + entry.runId(),
                      entry.id(),
                      entry.createdAt()),
              () ->
                  LOG.info(
                      "no run with storage figures among the newest {} audit rows: the table"
                          + " gauges are NaN until the first run",
                      MetricsCleanupListener.TABLE_SEED_ROWS));
    } catch (RuntimeException unread) {
      LOG.warn(
          "could not read the journal for the table gauges; NaN until the first run: {}",
          FailureText.describe(unread));
    }
  }
}
