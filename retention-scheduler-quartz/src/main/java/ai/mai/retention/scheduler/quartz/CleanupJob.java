package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.CleanupTrigger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
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
    try {
      cleanup
          .run(trigger, onlyIfStale, interrupted::get, context.getScheduledFireTime().toInstant())
          .ifPresent(context::setResult);
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

  boolean isInterrupted() {
    return interrupted.get();
  }

  private static CleanupTrigger triggerOf(String name) {
    return Optional.ofNullable(name).map(CleanupTrigger::valueOf).orElse(CleanupTrigger.SCHEDULED);
  }
}
