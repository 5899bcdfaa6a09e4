package ai.mai.retention.scheduler.quartz;

import static org.quartz.CronScheduleBuilder.cronSchedule;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import ai.mai.retention.embedded.Database;
import ai.mai.retention.embedded.Retention;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.quartz.CronTrigger;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.JobFactory;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's schedule: a Quartz cron trigger in an explicit time zone that runs core's cleanup
 * use case, a catch-up run at start when the journal is stale, and optionally a job store shared by
 * all replicas on PostgreSQL so that each tick runs once across them.
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

  static final JobKey JOB = JobKey.jobKey("cleanup", "retention");
  static final TriggerKey SCHEDULE = TriggerKey.triggerKey("schedule", "retention");
  static final TriggerKey CATCH_UP = TriggerKey.triggerKey("catch-up", "retention");

  /**
   * Two workers so that only {@code @DisallowConcurrentExecution}, not a lack of threads, keeps a
   * catch-up and a scheduled firing apart.
   */
  private static final int WORKER_THREADS = 2;

  /** Quartz's SchedulerRepository is global per name; creation is serialized around it. */
  private static final Object CREATION_LOCK = new Object();

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

  /** The clustered store's entry in Quartz's JVM-wide DBConnectionManager; null when in memory. */
  private String connectionProviderName;

  private HostConnectionProvider connectionProvider;
  private volatile State state = State.NEW;
  private volatile boolean catchUpScheduled;

  QuartzCleanupScheduler(
      ScheduleSettings settings,
      CronSchedule schedule,
      ScheduledCleanup cleanup,
      DataSource dataSource,
      JobFactory jobFactory,
      Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.schedule = schedule;
    this.cleanup = cleanup;
    this.clock = clock;
    if (settings.clustered()) {
      requireClusterDatabase(dataSource);
      this.connectionProviderName = SCHEDULER_NAME + "-" + UUID.randomUUID();
      this.connectionProvider = new HostConnectionProvider(dataSource);
      // Quartz looks data sources up by name in a JVM-wide registry; the name is ours alone.
      DBConnectionManager.getInstance()
          .addConnectionProvider(connectionProviderName, connectionProvider);
    }
    try {
      this.quartz = createQuartz(settings, connectionProviderName);
      quartz.setJobFactory(jobFactory);
    } catch (SchedulerException | RuntimeException failure) {
      releaseConnectionProvider();
      throw failure instanceof RuntimeException runtime
          ? runtime
          : new IllegalStateException("could not configure the Quartz scheduler", failure);
    }
  }

  /**
   * The nightly schedule for a host's {@link Retention}: every firing runs {@link
   * Retention#run(ai.mai.retention.core.port.in.CleanupRequest)} with the scheduler's trigger and
   * stop signal, the catch-up reads {@link Retention#health(Duration)}, and the clustered store (on
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
  public static Builder builder(ScheduleSettings settings) {
    return new Builder(settings);
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
      storeSchedule();
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

  /** When the schedule fires next; empty once shut down or when it never fires again. */
  public Optional<Instant> nextFireTime() {
    State now = state;
    if (now == State.SHUT_DOWN) {
      return Optional.empty();
    }
    if (now == State.STARTED) {
      try {
        Trigger trigger = quartz.getTrigger(SCHEDULE);
        if (trigger != null) {
          return Optional.ofNullable(trigger.getNextFireTime()).map(Date::toInstant);
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
    Instant deadline = Instant.now().plus(timeout);
    cleanup.stopAll();
    boolean idle = true;
    try {
      if (state == State.STARTED) {
        quartz.standby();
        idle = interruptAndAwait(deadline);
      }
    } catch (SchedulerException failure) {
      log.warn("Could not stop the running cleanup cleanly: {}", failure.toString());
      idle = false;
    } finally {
      state = State.SHUT_DOWN;
      closeQuartz(idle, deadline);
      releaseConnectionProvider();
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

  /** The clustered store's name in Quartz's DBConnectionManager, for tests; null in memory. */
  String connectionProviderName() {
    return connectionProviderName;
  }

  /**
   * Lets go of the host's pool in Quartz's JVM-wide registry: the provider drops its reference
   * (Quartz's own shutdown does that too, unless it timed out), and its registry entry goes. The
   * registry has no remove method; its map is emptied by reflection, and where that is not allowed
   * the entry stays behind empty.
   */
  private void releaseConnectionProvider() {
    if (connectionProvider == null) {
      return;
    }
    connectionProvider.shutdown();
    try {
      java.lang.reflect.Field providers = DBConnectionManager.class.getDeclaredField("providers");
      providers.setAccessible(true);
      Map<?, ?> registry = (Map<?, ?>) providers.get(DBConnectionManager.getInstance());
      synchronized (DBConnectionManager.getInstance()) {
        registry.remove(connectionProviderName);
      }
    } catch (ReflectiveOperationException | RuntimeException notAllowed) {
      log.debug("Could not remove the connection provider from Quartz's registry", notAllowed);
    }
  }

  private boolean interruptAndAwait(Instant deadline) throws SchedulerException {
    boolean announced = false;
    while (true) {
      List<JobExecutionContext> running = quartz.getCurrentlyExecutingJobs();
      if (running.isEmpty()) {
        return true;
      }
      if (!announced) {
        log.info("Stopping: the running cleanup stops after its batch in flight");
        announced = true;
      }
      for (JobExecutionContext execution : running) {
        // Interrupting twice is harmless; a firing that started late is caught here too.
        quartz.interrupt(execution.getFireInstanceId());
      }
      if (!Instant.now().isBefore(deadline)) {
        return false;
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Quartz's shutdown waits for the job threads; a job thread stuck on a dead database could hold
   * it forever, so it runs on its own thread and is waited for only until the deadline.
   */
  private void closeQuartz(boolean waitForJobs, Instant deadline) {
    Thread closer =
        new Thread(
            () -> {
              try {
                quartz.shutdown(waitForJobs);
              } catch (SchedulerException failure) {
                log.warn("Quartz did not shut down cleanly: {}", failure.toString());
              }
            },
            "retention-scheduler-shutdown");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(Math.max(100, Duration.between(Instant.now(), deadline).toMillis()));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void shutdownQuietly() {
    state = State.SHUT_DOWN;
    try {
      quartz.shutdown(false);
    } catch (SchedulerException ignored) {
      // Already failing; the cause is reported by the caller.
    }
  }

  /**
   * Stores the job and its cron trigger. A clustered store may already hold them from another
   * replica or an earlier start: an unchanged trigger is kept (its misfire state with it), a
   * changed one replaced.
   */
  private void storeSchedule() throws SchedulerException {
    JobDetail job =
        newJob(CleanupJob.class)
            .withIdentity(JOB)
            .withDescription("retention cleanup of processed_generations")
            .storeDurably()
            // A run whose replica died is re-run by another replica (clustered store only).
            .requestRecovery(settings.clustered())
            .build();
    CronTrigger trigger =
        newTrigger()
            .withIdentity(SCHEDULE)
            .forJob(JOB)
            .withDescription("CLEANUP_CRON " + schedule)
            .usingJobData(CleanupJob.TRIGGER, CleanupTrigger.SCHEDULED.name())
            .withSchedule(
                cronSchedule(schedule.expression())
                    .inTimeZone(schedule.timeZone())
                    .withMisfireHandlingInstructionFireAndProceed())
            .build();
    quartz.addJob(job, true);
    for (int attempt = 1; ; attempt++) {
      Trigger stored = quartz.getTrigger(SCHEDULE);
      if (stored == null) {
        try {
          quartz.scheduleJob(trigger);
          return;
        } catch (ObjectAlreadyExistsException concurrentReplica) {
          if (attempt >= 3) {
            throw concurrentReplica;
          }
          continue;
        }
      }
      if (sameSchedule(stored, trigger)) {
        log.info("Keeping the stored schedule {}", schedule);
      } else {
        log.warn(
            "Replacing the stored schedule ({}) with {}; replicas should share one CLEANUP_CRON",
            describe(stored),
            schedule);
        quartz.rescheduleJob(SCHEDULE, trigger);
      }
      return;
    }
  }

  private void scheduleCatchUpIfStale() throws SchedulerException {
    CatchUp.Decision decision = cleanup.catchUp().decide();
    if (!decision.needed()) {
      log.info("No catch-up run: {}", decision.reason());
      return;
    }
    Trigger catchUp =
        newTrigger()
            .withIdentity(CATCH_UP)
            .forJob(JOB)
            .withDescription("catch-up after downtime")
            .usingJobData(CleanupJob.TRIGGER, CleanupTrigger.CATCH_UP.name())
            // Re-checked when it fires: another replica's catch-up may have made it moot.
            .usingJobData(CleanupJob.ONLY_IF_STALE, "true")
            .startNow()
            .withSchedule(simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      quartz.scheduleJob(catchUp);
      catchUpScheduled = true;
      log.info("Catch-up run scheduled now: {}", decision.reason());
    } catch (ObjectAlreadyExistsException pending) {
      log.info("A catch-up run is already pending in the cluster; not adding another");
    }
  }

  private static boolean sameSchedule(Trigger stored, CronTrigger wanted) {
    return stored instanceof CronTrigger cron
        && cron.getCronExpression().equals(wanted.getCronExpression())
        && cron.getTimeZone().getID().equals(wanted.getTimeZone().getID())
        && cron.getMisfireInstruction() == wanted.getMisfireInstruction();
  }

  private static String describe(Trigger trigger) {
    return trigger instanceof CronTrigger cron
        ? "'" + cron.getCronExpression() + "' in " + cron.getTimeZone().getID()
        : trigger.getClass().getSimpleName();
  }

  private static void requireClusterDatabase(DataSource dataSource) {
    if (dataSource == null) {
      throw new IllegalArgumentException(
          "CLEANUP_CLUSTERED=true needs a PostgreSQL database, where the replicas share the"
              + " schedule in the "
              + TABLE_PREFIX
              + "* tables; no database connection was given to the scheduler");
    }
    String product;
    try (Connection connection = dataSource.getConnection()) {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException unreachable) {
      throw new IllegalStateException(
          "CLEANUP_CLUSTERED=true: could not reach the database to check it: "
              + unreachable.getMessage(),
          unreachable);
    }
    if (!"PostgreSQL".equalsIgnoreCase(product)) {
      throw new IllegalArgumentException(
          "CLEANUP_CLUSTERED=true works only on PostgreSQL, but the database is "
              + product
              + "; run a single replica without CLEANUP_CLUSTERED (the catch-up run covers"
              + " downtime), or use PostgreSQL");
    }
    QuartzTables.migrate(dataSource);
    try (Connection connection = dataSource.getConnection();
        Statement probe = connection.createStatement()) {
      probe.execute("SELECT 1 FROM " + TABLE_PREFIX + "triggers WHERE 1 = 0");
    } catch (SQLException missing) {
      throw new IllegalStateException(
          "CLEANUP_CLUSTERED=true: the Quartz tables ("
              + TABLE_PREFIX
              + "*) are not usable: "
              + missing.getMessage(),
          missing);
    }
  }

  private static Scheduler createQuartz(ScheduleSettings settings, String dataSourceName) {
    Properties properties = new Properties();
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, SCHEDULER_NAME);
    properties.setProperty(
        StdSchedulerFactory.PROP_SCHED_INSTANCE_ID,
        Optional.ofNullable(settings.instanceId())
            .orElse(
                settings.clustered() ? StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID : "local"));
    properties.setProperty(StdSchedulerFactory.PROP_SCHED_THREAD_NAME, "retention-scheduler");
    properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
    properties.setProperty("org.quartz.threadPool.threadCount", String.valueOf(WORKER_THREADS));
    properties.setProperty("org.quartz.threadPool.threadNamePrefix", "retention-cleanup");
    if (dataSourceName == null) {
      properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    } else {
      properties.setProperty(
          "org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
      properties.setProperty(
          "org.quartz.jobStore.driverDelegateClass",
          "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
      properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
      properties.setProperty("org.quartz.jobStore.tablePrefix", TABLE_PREFIX);
      properties.setProperty("org.quartz.jobStore.isClustered", "true");
      properties.setProperty(
          "org.quartz.jobStore.clusterCheckinInterval",
          String.valueOf(settings.clusterCheckinInterval().toMillis()));
      // Job data as strings, not serialized Java objects.
      properties.setProperty("org.quartz.jobStore.useProperties", "true");
      properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
      // An idle replica polls the shared store this often (Quartz's default is 30 s); when the
      // replica that fires the schedule stops, another takes over within about this time.
      properties.setProperty(
          StdSchedulerFactory.PROP_SCHED_IDLE_WAIT_TIME,
          String.valueOf(
              Math.max(1_000, Math.min(30_000, settings.clusterCheckinInterval().toMillis()))));
    }
    synchronized (CREATION_LOCK) {
      try {
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        // The repository would hand this instance to anyone asking for the same name, including
        // a second cluster member in this JVM; the host holds it instead.
        SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        return scheduler;
      } catch (SchedulerException failure) {
        throw new IllegalStateException(
            "could not create the Quartz scheduler: " + failure, failure);
      }
    }
  }

  /** Assembles a scheduler without Guice. */
  public static final class Builder {
    private final ScheduleSettings settings;
    private RunCleanupUseCase cleanup;
    private CheckCleanupHealthUseCase health;
    private CleanupRequestFactory requests;
    private DataSource dataSource;
    private Clock clock = Clock.systemUTC();
    private CatchUp.Retry catchUpRetry = CatchUp.Retry.DEFAULT;

    private Builder(ScheduleSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Core's cleanup use case; required. */
    public Builder cleanup(RunCleanupUseCase useCase) {
      this.cleanup = useCase;
      return this;
    }

    /** Core's health use case, to find the last success for the catch-up; required with it. */
    public Builder health(CheckCleanupHealthUseCase useCase) {
      this.health = useCase;
      return this;
    }

    /** Builds each run's request from the host's settings; required. */
    public Builder requests(CleanupRequestFactory factory) {
      this.requests = factory;
      return this;
    }

    /**
     * Runs the host's {@link Retention}: sets the cleanup, the health check for the catch-up, the
     * requests (the Retention's policy, guards and batch size) and the data source of the clustered
     * store.
     *
     * @throws IllegalArgumentException clustered scheduling on a SQLite Retention
     */
    public Builder retention(Retention retention) {
      Objects.requireNonNull(retention, "retention");
      if (settings.clustered() && retention.database() != Database.POSTGRESQL) {
        throw new IllegalArgumentException(
            "CLEANUP_CLUSTERED=true works only on PostgreSQL, but the Retention's database is "
                + retention.database().productName()
                + "; run a single replica without CLEANUP_CLUSTERED (the catch-up run covers"
                + " downtime), or use PostgreSQL");
      }
      this.cleanup = retention::run;
      this.health = retention::health;
      this.requests = retention::request;
      this.dataSource = retention.dataSource();
      return this;
    }

    /** The host's pool on the PostgreSQL database; required when clustered, unused otherwise. */
    public Builder dataSource(DataSource pool) {
      this.dataSource = pool;
      return this;
    }

    /** The clock for the catch-up decision; the system clock by default. */
    public Builder clock(Clock time) {
      this.clock = Objects.requireNonNull(time, "clock");
      return this;
    }

    /** How a catch-up that met a held run lock is retried (tests shorten it). */
    Builder catchUpRetry(CatchUp.Retry retry) {
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
          assemble(settings, cleanup, health, requests, clock, catchUpRetry);
      return new QuartzCleanupScheduler(
          settings,
          CronSchedule.of(settings),
          scheduled,
          dataSource,
          new SupplierJobFactory(() -> new CleanupJob(scheduled)),
          clock);
    }
  }

  static ScheduledCleanup assemble(
      ScheduleSettings settings,
      RunCleanupUseCase cleanup,
      CheckCleanupHealthUseCase health,
      CleanupRequestFactory requests,
      Clock clock) {
    return assemble(settings, cleanup, health, requests, clock, CatchUp.Retry.DEFAULT);
  }

  static ScheduledCleanup assemble(
      ScheduleSettings settings,
      RunCleanupUseCase cleanup,
      CheckCleanupHealthUseCase health,
      CleanupRequestFactory requests,
      Clock clock,
      CatchUp.Retry catchUpRetry) {
    Objects.requireNonNull(cleanup, "the RunCleanupUseCase is required");
    Objects.requireNonNull(requests, "the CleanupRequestFactory is required");
    if (settings.catchUp()) {
      Objects.requireNonNull(health, "the CheckCleanupHealthUseCase is required for catch-up");
    }
    CatchUp catchUp = new CatchUp(health, CronSchedule.of(settings), clock, catchUpRetry);
    return new ScheduledCleanup(cleanup, requests, catchUp, settings.enabled());
  }
}
