package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.embedded.Retention;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.spi.JobFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly schedule's life: a Quartz cron trigger in an explicit time zone that runs the cleanup
 * ({@link ScheduleTriggers}), a catch-up run at start when the journal is stale ({@link CatchUp}),
 * and optionally a job store shared by all replicas on PostgreSQL ({@link ClusteredStore}) so that
 * each tick runs once across them. Time comes only from its {@link Clock}.
 *
 * <p>A host with a {@link Retention} makes one with {@link #create(Retention, ScheduleSettings)},
 * starts it, and closes it when it stops; other hosts build with {@link #builder(ScheduleSettings)}
 * or install {@link QuartzSchedulerModule}. The host's pool is never closed, and once shut down the
 * scheduler leaves no thread running and no reference to the pool in Quartz's JVM-wide registries.
 */
public final class QuartzCleanupScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(QuartzCleanupScheduler.class);

  /** The Quartz scheduler name; all replicas of one database form one cluster under it. */
  public static final String SCHEDULER_NAME = "mai-retention";

  /** Prefix of the Quartz tables the scheduler's migrations create ({@link QuartzTables}). */
  public static final String TABLE_PREFIX = "retention_qrtz_";

  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(25);

  private enum State {
    NEW,
    STARTED,
    SHUT_DOWN
  }

  private final ScheduleSettings settings;
  private final CronSchedule schedule;
  private final ScheduledCleanup cleanup;
  private final Clock clock;
  private final Scheduler quartz;

  /** The clustered store's hold on the host's pool; null when the schedule is kept in memory. */
  private final ClusteredStore store;

  private volatile State state = State.NEW;
  private volatile boolean catchUpScheduled;

  QuartzCleanupScheduler(
      ScheduleSettings settings,
      ScheduledCleanup cleanup,
      DataSource dataSource,
      JobFactory jobFactory,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.schedule = CronSchedule.of(settings);
    this.cleanup = cleanup;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.store = settings.clustered() ? ClusteredStore.open(dataSource) : null;
    try {
      this.quartz =
          QuartzProperties.newScheduler(
              QuartzProperties.of(settings, store == null ? null : store.name()));
      quartz.setJobFactory(jobFactory);
    } catch (SchedulerException | RuntimeException failure) {
      releaseStore();
      throw failure instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException("could not configure the Quartz scheduler", failure);
    }
  }

  /**
   * The nightly schedule for a host's {@link Retention}: every firing runs {@link
   * Retention#runScheduled(ai.mai.retention.core.port.in.CleanupRequest)} with the scheduler's
   * trigger and stop signal (a tick that cannot begin, the database away, is a failed report the
   * Retention's listeners hear, not an exception), the catch-up reads {@link
   * Retention#health(Duration)}, time comes from the Retention's clock, and the clustered store (on
   * PostgreSQL) shares the Retention's data source. Not started: call {@link #start()}, and {@link
   * #close()} when the host stops.
   *
   * @param retention the host's configured front door
   * @param settings cron, zone, enabled, clustered, catch-up
   * @return the scheduler, not yet started
   * @throws IllegalArgumentException clustered scheduling on SQLite
   * @throws IllegalStateException the clustered store's tables could not be created
   */
  public static QuartzCleanupScheduler create(Retention retention, ScheduleSettings settings) {
    return builder(settings).retention(retention).build();
  }

  /** A scheduler for hosts without Guice. */
  public static CleanupSchedulerBuilder builder(ScheduleSettings settings) {
    return new CleanupSchedulerBuilder(settings);
  }

  /**
   * Stores the schedule, schedules a catch-up run when the journal's last success is older than one
   * period, and starts firing.
   */
  public synchronized void start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          state == State.STARTED
              ? "the scheduler is already started"
              : "the scheduler is shut down");
    }
    try {
      ScheduleTriggers.storeSchedule(quartz, schedule, settings.clustered());
      if (settings.catchUp()) {
        scheduleCatchUpIfStale();
      }
      quartz.start();
      state = State.STARTED;
    } catch (SchedulerException failure) {
      shutdownQuietly();
      throw new IllegalStateException("could not start the scheduler: " + failure, failure);
    }
    log.info(
        "Scheduler started: cron {}, next run {}{}{}",
        schedule,
        nextFireTime().map(Instant::toString).orElse("never"),
        settings.enabled() ? "" : ", DRY RUNS ONLY (CLEANUP_ENABLED=false)",
        settings.clustered() ? ", clustered as " + instanceId() : "");
  }

  private void scheduleCatchUpIfStale() throws SchedulerException {
    if (ScheduleTriggers.handOverPending(quartz)) {
      // The firing a stopping replica handed over runs as soon as Quartz starts, and in full: a
      // catch-up besides would sweep a second time.
      log.info("No catch-up run: a firing handed over by a stopping replica is pending");
      return;
    }
    CatchUp.Decision decision = cleanup.catchUp().decide();
    if (!decision.needed()) {
      log.info("No catch-up run: {}", decision.reason());
    } else if (ScheduleTriggers.scheduleCatchUp(quartz)) {
      catchUpScheduled = true;
      log.info("Catch-up run scheduled now: {}", decision.reason());
    } else {
      log.info("A catch-up run is already pending in the cluster; not adding another");
    }
  }

  /** When the schedule fires next; empty once shut down or when it never fires again. */
  public Optional<Instant> nextFireTime() {
    State now = state;
    if (now == State.SHUT_DOWN) {
      return Optional.empty();
    }
    if (now == State.STARTED) {
      try {
        Trigger stored = quartz.getTrigger(ScheduleTriggers.SCHEDULE);
        if (stored != null) {
          return Optional.ofNullable(stored.getNextFireTime()).map(Date::toInstant);
        }
      } catch (SchedulerException unreadable) {
        log.debug("Could not read the stored trigger; computing from the cron", unreadable);
      }
    }
    return schedule.nextFireAfter(clock.instant());
  }

  /** False when {@code CLEANUP_ENABLED=false}: runs are dry runs. */
  public boolean isEnabled() {
    return settings.enabled();
  }

  public boolean isClustered() {
    return settings.clustered();
  }

  public boolean isStarted() {
    return state == State.STARTED;
  }

  public boolean isShutdown() {
    return state == State.SHUT_DOWN;
  }

  /** True when {@link #start()} scheduled a catch-up run on this replica. */
  public boolean catchUpScheduled() {
    return catchUpScheduled;
  }

  public ScheduleSettings settings() {
    return settings;
  }

  /** This replica's Quartz instance id (generated when the settings left it open). */
  public String instanceId() {
    try {
      return quartz.getSchedulerInstanceId();
    } catch (SchedulerException | RuntimeException unavailable) {
      return String.valueOf(settings.instanceId());
    }
  }

  /**
   * One schedule period from now (24 h for the midnight default): the staleness that triggers a
   * catch-up, and a base for a health check's maximum age.
   */
  public Optional<Duration> schedulePeriod() {
    return schedule.periodAfter(clock.instant());
  }

  /**
   * Stops firing, asks a running cleanup to stop after its batch in flight (it then journals itself
   * as interrupted), waits for it up to {@code timeout}, and shuts Quartz down. Idempotent.
   *
   * @return true when nothing was left running
   */
  public synchronized boolean shutdown(Duration timeout) {
    if (state == State.SHUT_DOWN) {
      return true;
    }
    QuartzShutdown stop = new QuartzShutdown(quartz, clock, timeout);
    cleanup.stopAll();
    boolean idle = true;
    try {
      if (state == State.STARTED) {
        quartz.standby();
        idle = stop.interruptRunningJobs();
      }
    } catch (SchedulerException failure) {
      log.warn("Could not stop the running cleanup cleanly: {}", failure.toString());
      idle = false;
    } finally {
      state = State.SHUT_DOWN;
      stop.closeQuartz(idle);
      releaseStore();
    }
    if (idle) {
      log.info("Scheduler stopped");
    } else {
      log.warn(
          "The running cleanup did not stop within {}; the next run journals it as interrupted",
          timeout);
    }
    return idle;
  }

  @Override
  public void close() {
    shutdown(DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** The underlying Quartz scheduler, for tests. */
  Scheduler quartz() {
    return quartz;
  }

  /** What each firing does, for tests. */
  ScheduledCleanup scheduledCleanup() {
    return cleanup;
  }

  /** The clustered store's name in Quartz's DBConnectionManager, for tests; null in memory. */
  String connectionProviderName() {
    return store == null ? null : store.name();
  }

  private void releaseStore() {
    if (store != null) {
      store.release();
    }
  }

  private void shutdownQuietly() {
    state = State.SHUT_DOWN;
    try {
      quartz.shutdown(false);
    } catch (SchedulerException ignored) {
      // Already failing; the cause is reported by the caller.
    }
    releaseStore();
  }
}
