package ai.mai.retention.scheduler.quartz;

import java.util.Optional;
import java.util.Properties;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;

/** The Quartz configuration of one scheduler, and the Quartz instance made from it. */
final class QuartzProperties {

  /**
   * Two workers so that only {@code @DisallowConcurrentExecution}, not a lack of threads, keeps a
   * catch-up and a scheduled firing apart.
   */
  static final int WORKER_THREADS = 2;

  /** Quartz's SchedulerRepository is global per name; creation is serialized around it. */
  private static final Object CREATION_LOCK = new Object();

  private QuartzProperties() {}

  /**
   * @param dataSourceName the clustered store's entry in Quartz's {@code DBConnectionManager}; null
   *     keeps the schedule in memory
   */
  static Properties of(ScheduleSettings settings, String dataSourceName) {
    Properties properties = new Properties();
    properties.setProperty(
        StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, QuartzCleanupScheduler.SCHEDULER_NAME);
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
      return properties;
    }
    properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    properties.setProperty(
        "org.quartz.jobStore.driverDelegateClass",
        "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    properties.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
    properties.setProperty("org.quartz.jobStore.tablePrefix", QuartzCleanupScheduler.TABLE_PREFIX);
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
    return properties;
  }

  /** A new Quartz instance that only its creator holds. */
  static Scheduler newScheduler(Properties properties) {
    synchronized (CREATION_LOCK) {
      try {
        Scheduler scheduler = new StdSchedulerFactory(properties).getScheduler();
        // The repository would hand this instance to anyone asking for the same name, including
        // a second cluster member in this JVM; the host holds it instead.
        SchedulerRepository.getInstance().remove(QuartzCleanupScheduler.SCHEDULER_NAME);
        return scheduler;
      } catch (SchedulerException failure) {
        throw new IllegalStateException(
            "could not create the Quartz scheduler: " + failure, failure);
      }
    }
  }
}
