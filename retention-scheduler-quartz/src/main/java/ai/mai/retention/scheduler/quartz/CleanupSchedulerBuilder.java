package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import ai.mai.retention.embedded.Database;
import ai.mai.retention.embedded.Retention;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Assembles a {@link QuartzCleanupScheduler} without Guice: over a host's {@link Retention} ({@link
 * #retention}), or over core's in-ports.
 */
public final class CleanupSchedulerBuilder {
  private final ScheduleSettings settings;
  private RunCleanupUseCase cleanup;
  private CheckCleanupHealthUseCase health;
  private CleanupRequestFactory requests;
  private DataSource dataSource;
  private Clock clock = Clock.systemUTC();
  private CatchUp.Retry catchUpRetry = CatchUp.Retry.DEFAULT;

  CleanupSchedulerBuilder(ScheduleSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Core's cleanup use case; required. */
  public CleanupSchedulerBuilder cleanup(RunCleanupUseCase useCase) {
    this.cleanup = useCase;
    return this;
  }

  /** Core's health use case, to find the last success for the catch-up; required with it. */
  public CleanupSchedulerBuilder health(CheckCleanupHealthUseCase useCase) {
    this.health = useCase;
    return this;
  }

  /** Builds each run's request from the host's settings; required. */
  public CleanupSchedulerBuilder requests(CleanupRequestFactory factory) {
    this.requests = factory;
    return this;
  }

  /**
   * Runs the host's {@link Retention}: sets the cleanup, the health check for the catch-up, the
   * requests (the Retention's policy, guards and batch size), the data source of the clustered
   * store and the Retention's clock.
   *
   * @throws IllegalArgumentException clustered scheduling on a SQLite Retention
   */
  public CleanupSchedulerBuilder retention(Retention retention) {
    Objects.requireNonNull(retention, "retention");
    if (settings.clustered() && retention.database() != Database.POSTGRESQL) {
      throw ClusteredStore.onlyOnPostgres(retention.database().productName());
    }
    this.cleanup = retention::runScheduled;
    this.health = retention::health;
    this.requests = retention::request;
    this.dataSource = retention.dataSource();
    this.clock = retention.clock();
    return this;
  }

  /** The host's pool on the PostgreSQL database; required when clustered, unused otherwise. */
  public CleanupSchedulerBuilder dataSource(DataSource pool) {
    this.dataSource = pool;
    return this;
  }

  /** The clock of the schedule's decisions and time limits; the system clock by default. */
  public CleanupSchedulerBuilder clock(Clock time) {
    this.clock = Objects.requireNonNull(time, "clock");
    return this;
  }

  /** How a catch-up that met a held run lock is retried (tests shorten it). */
  CleanupSchedulerBuilder catchUpRetry(CatchUp.Retry retry) {
    this.catchUpRetry = Objects.requireNonNull(retry, "retry");
    return this;
  }

  /**
   * Checks the settings against the database and creates the (not yet started) scheduler.
   *
   * @throws IllegalArgumentException clustered mode without a PostgreSQL database
   * @throws IllegalStateException the database is unreachable or lacks the Quartz tables
   */
  public QuartzCleanupScheduler build() {
    ScheduledCleanup scheduled =
        ScheduledCleanup.of(settings, cleanup, health, requests, clock, catchUpRetry);
    return new QuartzCleanupScheduler(
        settings,
        scheduled,
        dataSource,
        new SupplierJobFactory(() -> new CleanupJob(scheduled)),
        clock);
  }
}
