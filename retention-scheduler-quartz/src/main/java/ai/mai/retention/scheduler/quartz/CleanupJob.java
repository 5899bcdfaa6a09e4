package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RunStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One firing of the schedule: runs core's cleanup use case. Never two at once, neither in one
 * process nor, with the clustered store, across replicas. {@link #interrupt()} lets the batch in
 * flight commit and ends the run as interrupted (core journals it).
 */
@DisallowConcurrentExecution
public final class CleanupJob implements InterruptableJob {

  private static final Logger log = LoggerFactory.getLogger(CleanupJob.class);

  /** Trigger data: the {@link CleanupTrigger} name the run is journaled with. */
  static final String TRIGGER = "trigger";

  /** Trigger data: "true" to skip the run when the journal has a recent success after all. */
  static final String ONLY_IF_STALE = "onlyIfStale";

  /** Trigger data: which retry of a catch-up that met another run's lock this is. */
  static final String CATCH_UP_ATTEMPT = "catchUpAttempt";

  /** Trigger data of a handed-over firing: the tick it serves (an ISO instant). */
  static final String TICK = "tick";

  private final ScheduledCleanup cleanup;
  private final AtomicBoolean interrupted = new AtomicBoolean();

  CleanupJob(ScheduledCleanup cleanup) {
    this.cleanup = cleanup;
  }

  @Override
  public void execute(JobExecutionContext context) {
    JobDataMap data = context.getMergedJobDataMap();
    // A recovered firing re-runs what a dead replica left unfinished: that is a catch-up.
    CleanupTrigger trigger =
        context.isRecovering() ? CleanupTrigger.CATCH_UP : triggerOf(data.getString(TRIGGER));
    boolean onlyIfStale =
        !context.isRecovering() && Boolean.parseBoolean(data.getString(ONLY_IF_STALE));
    if (context.isRecovering()) {
      log.info("Recovering the cleanup a replica that stopped responding left unfinished");
    }
    Instant tick = tickOf(context, data);
    try {
      Optional<CleanupReport> report = cleanup.run(trigger, onlyIfStale, interrupted::get, tick);
      report.ifPresent(context::setResult);
      if (report.isEmpty() && (cleanup.stopping() || interrupted.get())) {
        handOver(context, data, trigger, onlyIfStale, tick);
      }
      if (trigger == CleanupTrigger.CATCH_UP
          && report.filter(run -> run.status() == RunStatus.SKIPPED_LOCKED).isPresent()) {
        retryCatchUpLater(context, data);
      }
    } catch (RuntimeException unexpected) {
      // Core never throws for a failed run; this is the host's request factory or a bug. Quartz
      // would only log it at a lower level and carry on, so say it loudly here.
      log.error("Cleanup ({}) could not run", trigger.label(), unexpected);
    }
  }

  @Override
  public void interrupt() {
    if (!interrupted.getAndSet(true)) {
      log.info("Stop requested: the cleanup stops after its batch in flight");
    }
  }

  /**
   * A firing that arrives while this replica stops (Quartz may have taken it just before) would
   * otherwise be lost for the whole period: with a clustered store, another replica runs it now, or
   * the next one to start. In memory there is no one to hand it to; the next start's catch-up
   * covers it.
   */
  private void handOver(
      JobExecutionContext context,
      JobDataMap data,
      CleanupTrigger trigger,
      boolean onlyIfStale,
      Instant tick) {
    Scheduler quartz = context.getScheduler();
    try {
      if (!quartz.getMetaData().isJobStoreClustered()) {
        return;
      }
      // Take nothing more, not even the handed-over firing: it is for the other replicas.
      quartz.standby();
      ScheduleTriggers.handOver(
          quartz,
          trigger,
          onlyIfStale,
          data.getString(CATCH_UP_ATTEMPT),
          tick,
          context.getFireInstanceId());
      log.info("Cleanup firing of {} handed over to the cluster: this replica is stopping", tick);
    } catch (SchedulerException failure) {
      log.warn(
          "Cleanup firing of {} not run and not handed over ({}); the next start's catch-up"
              + " covers it",
          tick,
          failure.toString());
    }
  }

  /** The tick a firing serves: a handed-over firing's original one, else its own. */
  private static Instant tickOf(JobExecutionContext context, JobDataMap data) {
    String handedOver = data.getString(TICK);
    if (handedOver != null) {
      try {
        return Instant.parse(handedOver);
      } catch (java.time.format.DateTimeParseException malformed) {
        // Not one of ours: the firing's own time is still true.
      }
    }
    return context.getScheduledFireTime().toInstant();
  }

  /**
   * The catch-up met another run's lock (a live run, or a killed one whose lease has not run out):
   * try again in a few minutes rather than at the next tick, a day away with the default schedule.
   */
  private void retryCatchUpLater(JobExecutionContext context, JobDataMap data) {
    if (interrupted.get() || cleanup.stopping()) {
      return;
    }
    CatchUp.Retry retry = cleanup.catchUp().retry();
    int attempt = attemptOf(data.getString(CATCH_UP_ATTEMPT)) + 1;
    if (attempt > retry.maxAttempts()) {
      log.warn(
          "Catch-up run still locked out after {} retries; the next scheduled run takes over",
          retry.maxAttempts());
      return;
    }
    Instant at = cleanup.catchUp().nextRetryAt();
    try {
      Optional<Instant> scheduledFirst =
          ScheduleTriggers.scheduleCatchUpRetry(context.getScheduler(), attempt, at);
      if (scheduledFirst.isPresent()) {
        log.info(
            "Catch-up run not retried: the scheduled run at {} comes first", scheduledFirst.get());
        return;
      }
      log.info(
          "Another cleanup holds the run lock; catch-up retry {} of {} at {}",
          attempt,
          retry.maxAttempts(),
          at);
    } catch (ObjectAlreadyExistsException anotherReplica) {
      log.info("Catch-up retry {} is already scheduled in the cluster", attempt);
    } catch (SchedulerException failure) {
      log.warn("Could not schedule a catch-up retry: {}", failure.toString());
    }
  }

  private static int attemptOf(String text) {
    try {
      return text == null ? 0 : Integer.parseInt(text);
    } catch (NumberFormatException malformed) {
      return 0;
    }
  }

  private static CleanupTrigger triggerOf(String name) {
    return Optional.ofNullable(name).map(CleanupTrigger::valueOf).orElse(CleanupTrigger.SCHEDULED);
  }
}
