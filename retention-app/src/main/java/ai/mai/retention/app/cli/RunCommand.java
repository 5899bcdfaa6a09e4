package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.DatabaseDialect;
import ai.mai.retention.app.config.SettingsResolver;
import ai.mai.retention.app.daemon.DaemonHealth;
import ai.mai.retention.app.daemon.DaemonHttpServer;
import ai.mai.retention.app.daemon.MetricsCleanupListener;
import ai.mai.retention.app.wiring.CompositeCleanupListener;
import ai.mai.retention.app.wiring.RetentionRuntime;
import ai.mai.retention.app.wiring.RetentionRuntimes.Access;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.scheduler.quartz.CleanupRequestFactory;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import ai.mai.retention.scheduler.quartz.QuartzSchedulerModule;
import ai.mai.retention.scheduler.quartz.ScheduleSettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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
final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /**
   * How long the running cleanup may take to stop: inside the app's {@link
   * ai.mai.retention.app.RetentionApp#STOP_GRACE}, leaving time to journal it and close the pool.
   */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  @ParentCommand RetentionCommand root;

  @Mixin SettingsOptions options;

  @Option(
      names = "--instance-id",
      paramLabel = "ID",
      description = "This replica's id in a cluster (default: generated from host name and time).")
  String instanceId;

  @Override
  public Integer call() throws InterruptedException {
    AppSettings settings = new SettingsResolver(options.load(root.environment())).resolve();
    // Everything about the schedule is checked before anything starts.
    ScheduleSettings schedule =
        ScheduleSettings.defaults()
            .withCron(settings.cron())
            .withZone(settings.timezone())
            .withEnabled(settings.enabled())
            .withClustered(settings.clustered(), instanceId);
    if (settings.clustered() && settings.database().dialect() != DatabaseDialect.POSTGRESQL) {
      throw new ConfigurationException(
          "--clustered / CLEANUP_CLUSTERED: clustered scheduling needs PostgreSQL (a shared Quartz"
              + " job store); this database is SQLite. Run one daemon per SQLite file instead.");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    MetricsCleanupListener metrics = new MetricsCleanupListener(registry);
    DaemonHealth.LatestRun latestRun = new DaemonHealth.LatestRun();
    CleanupRequestFactory requests =
        trigger ->
            new CleanupRequest(
                    settings.policy(),
                    trigger,
                    false,
                    settings.batchSize(),
                    settings.guards(),
                    null)
                .withMaxDuration(settings.maxDuration());
    try (RetentionRuntime runtime =
        root.open(
            settings,
            Access.READ_WRITE,
            new CompositeCleanupListener(List.of(metrics, latestRun)),
            new QuartzSchedulerModule(schedule),
            binder -> binder.bind(CleanupRequestFactory.class).toInstance(requests))) {
      runtime.schema().migrate();
      QuartzCleanupScheduler scheduler =
          runtime.injector().getInstance(QuartzCleanupScheduler.class);
      DaemonHealth health = new DaemonHealth(runtime.health(), scheduler, latestRun);
      health.lastSuccessEpochSeconds().ifPresent(metrics::seedLastSuccess);
      DaemonHttpServer http = null;
      try {
        scheduler.start();
        http =
            settings.httpPort() == 0
                ? null
                : DaemonHttpServer.start(
                    settings.httpBind(), settings.httpPort(), health::response, registry::scrape);
        root.out()
            .println(
                "retention daemon running: cron '"
                    + settings.cron()
                    + "' ("
                    + settings.timezone().getId()
                    + "), next run "
                    + scheduler.nextFireTime().map(Object::toString).orElse("never")
                    + (settings.enabled() ? "" : ", DRY RUNS ONLY (CLEANUP_ENABLED=false)")
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
        health.close();
        scheduler.shutdown(Duration.ZERO);
      }
    }
  }
}
