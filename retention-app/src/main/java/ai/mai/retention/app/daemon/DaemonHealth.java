package ai.mai.retention.app.daemon;

import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The daemon's {@code /health}: healthy while a successful run finished within one schedule period
 * plus slack (at least the CLI's 26 h), with the schedule's state beside the journal's.
 */
public final class DaemonHealth {

  /** The CLI's default: a daily run may be a little late without alarming anyone. */
  static final Duration MINIMUM_MAX_AGE = Duration.ofHours(26);

  static final Duration SLACK = Duration.ofHours(2);

  private final CheckCleanupHealthUseCase health;
  private final QuartzCleanupScheduler scheduler;

  public DaemonHealth(CheckCleanupHealthUseCase health, QuartzCleanupScheduler scheduler) {
    this.health = health;
    this.scheduler = scheduler;
  }

  Duration maxAge() {
    Duration period = scheduler.schedulePeriod().orElse(Duration.ofDays(1)).plus(SLACK);
    return period.compareTo(MINIMUM_MAX_AGE) > 0 ? period : MINIMUM_MAX_AGE;
  }

  public OptionalDouble lastSuccessEpochSeconds() {
    return health
        .checkHealth(maxAge())
        .lastSuccess()
        .map(JournalEntry::createdAt)
        .map(instant -> OptionalDouble.of(instant.getEpochSecond()))
        .orElse(OptionalDouble.empty());
  }

  public DaemonHttpServer.Response response() {
    HealthReport report = health.checkHealth(maxAge());
    Map<String, Object> json = new LinkedHashMap<>(ReportJson.health(report));
    json.put("enabled", scheduler.isEnabled());
    json.put("clustered", scheduler.isClustered());
    json.put("scheduler_running", scheduler.isStarted());
    json.put("next_fire_time", scheduler.nextFireTime().map(Object::toString).orElse(null));
    // Disabled on purpose (CLEANUP_ENABLED=false): dry runs are never journaled, so the journal
    // cannot be the measure; the daemon is healthy while its schedule runs.
    boolean healthy = scheduler.isStarted() && (report.healthy() || !scheduler.isEnabled());
    json.put(
        "status",
        !scheduler.isEnabled() && healthy ? "disabled" : healthy ? "healthy" : "unhealthy");
    json.put("healthy", healthy);
    return new DaemonHttpServer.Response(
        healthy ? 200 : 503, "application/json", ReportJson.write(json) + "\n");
  }
}
