package ai.mai.retention.app.daemon;

import ai.mai.retention.app.report.ReportJson;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.embedded.FailureText;
import ai.mai.retention.scheduler.quartz.QuartzCleanupScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The daemon's {@code /health}. Healthy while a successful run finished within one schedule period
 * plus slack (at least the CLI's 26 h), the newest run succeeded (journaled, or seen in this
 * process when the journal could not take it) and the scheduler runs. The journal is read within
 * {@link #CHECK_BUDGET}: with the database gone the answer comes at once, as JSON with the reason.
 */
public final class DaemonHealth implements AutoCloseable {

  /** Also {@code health}'s default: a daily run may be a little late without alarming anyone. */
  public static final Duration MINIMUM_MAX_AGE = Duration.ofHours(26);

  static final Duration SLACK = Duration.ofHours(2);

  /**
   * How long {@code /health} waits for the journal. A dead PostgreSQL answers a new connection with
   * a refusal at once, but a pool's broken connections and a blackholed host take the pool's 5 s
   * connection timeout or longer; orchestrators probe with timeouts of a few seconds.
   */
  static final Duration CHECK_BUDGET = Duration.ofSeconds(3);

  private final CheckCleanupHealthUseCase health;
  private final QuartzCleanupScheduler scheduler;
  private final LatestRun latestRun;
  private final ExecutorService checks =
      Executors.newSingleThreadExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "retention-health-check");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicReference<CompletableFuture<HealthReport>> inFlight = new AtomicReference<>();

  public DaemonHealth(
      CheckCleanupHealthUseCase health, QuartzCleanupScheduler scheduler, LatestRun latestRun) {
    this.health = health;
    this.scheduler = scheduler;
    this.latestRun = latestRun;
  }

  /**
   * The newest run this process finished, also when the journal could not take it (the database was
   * gone): a listener on every run.
   */
  public static final class LatestRun implements CleanupListener {
    private final AtomicReference<CleanupReport> latest = new AtomicReference<>();

    @Override
    public void runFinished(CleanupReport report) {
      // Dry runs are never journaled, and a run skipped for the lock says nothing about health.
      if (!report.dryRun() && report.status() != RunStatus.SKIPPED_LOCKED) {
        latest.set(report);
      }
    }

    CleanupReport get() {
      return latest.get();
    }
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
    Map<String, Object> json = new LinkedHashMap<>();
    boolean healthy;
    String reason;
    CleanupReport here = latestRun.get();
    try {
      HealthReport report = check().get(CHECK_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
      json.putAll(ReportJson.health(report));
      healthy = report.healthy();
      reason = report.reason();
      if (healthy && here != null && !here.success() && newerThanJournal(here, report)) {
        // The run failed and its audit row could not be written (the database was away).
        healthy = false;
        reason =
            "the latest cleanup in this process "
                + here.status().label()
                + " and is not in the journal: "
                + here.errorMessage().orElse("no reason given");
      }
      json.put("database", "reachable");
    } catch (TimeoutException slow) {
      healthy = false;
      reason =
          "the database did not answer within "
              + CHECK_BUDGET.toSeconds()
              + " s; the journal cannot be read";
      json.put("database", "unavailable");
    } catch (ExecutionException failed) {
      healthy = false;
      reason = "cannot read the journal: " + FailureText.describe(failed.getCause());
      json.put("database", "unavailable");
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      healthy = false;
      reason = "interrupted while reading the journal";
      json.put("database", "unknown");
    }
    json.put("latest_run_in_this_process", here == null ? null : ReportJson.summary(here));
    json.put("enabled", scheduler.isEnabled());
    json.put("clustered", scheduler.isClustered());
    json.put("scheduler_running", scheduler.isStarted());
    json.put("next_fire_time", scheduler.nextFireTime().map(Object::toString).orElse(null));
    if (!scheduler.isStarted()) {
      healthy = false;
      reason = "the scheduler is not running; " + reason;
    } else if (!scheduler.isEnabled() && "reachable".equals(json.get("database"))) {
      // Disabled on purpose (CLEANUP_ENABLED=false): dry runs are never journaled, so the journal
      // cannot be the measure; the daemon is healthy while its schedule runs.
      healthy = true;
    }
    json.put(
        "status",
        !scheduler.isEnabled() && healthy ? "disabled" : healthy ? "healthy" : "unhealthy");
    json.put("healthy", healthy);
    json.put("reason", reason);
    return new DaemonHttpServer.Response(
        healthy ? 200 : 503, "application/json", ReportJson.write(json) + "\n");
  }

  /** One journal read at a time: requests during a slow one share it instead of piling up. */
  private CompletableFuture<HealthReport> check() {
    while (true) {
      CompletableFuture<HealthReport> current = inFlight.get();
      if (current != null && !current.isDone()) {
        return current;
      }
      CompletableFuture<HealthReport> next = new CompletableFuture<>();
      if (inFlight.compareAndSet(current, next)) {
        try {
          checks.execute(
              () -> {
                try {
                  next.complete(health.checkHealth(maxAge()));
                } catch (RuntimeException | Error failure) {
                  next.completeExceptionally(failure);
                }
              });
        } catch (RuntimeException rejected) {
          next.completeExceptionally(rejected);
        }
        return next;
      }
    }
  }

  private static boolean newerThanJournal(CleanupReport run, HealthReport report) {
    Instant finished = run.finishedAt();
    return report
        .latestRun()
        .map(entry -> entry.createdAt().isBefore(finished.minusSeconds(1)))
        .orElse(true);
  }

  @Override
  public void close() {
    checks.shutdownNow();
  }
}
