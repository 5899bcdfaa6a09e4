package ai.mai.retention.scheduler.quartz;

import static org.quartz.CronScheduleBuilder.cronSchedule;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.SimpleScheduleBuilder.simpleSchedule;
import static org.quartz.TriggerBuilder.newTrigger;

import ai.mai.retention.core.domain.CleanupTrigger;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.quartz.CronTrigger;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job and its triggers as Quartz stores them: the cron schedule (kept when a clustered store
 * already holds the same one), the catch-up at start, a catch-up's later retries, and a firing a
 * stopping replica hands to the cluster.
 */
final class ScheduleTriggers {

  private static final Logger log = LoggerFactory.getLogger(ScheduleTriggers.class);

  static final JobKey JOB = JobKey.jobKey("cleanup", "retention");
  static final TriggerKey SCHEDULE = TriggerKey.triggerKey("schedule", "retention");
  static final TriggerKey CATCH_UP = TriggerKey.triggerKey("catch-up", "retention");

  /** How the triggers of handed-over firings are named: {@code handover-<fire instance id>}. */
  static final String HANDOVER_PREFIX = "handover-";

  /** Attempts at storing the schedule when other replicas store it at the same moment. */
  private static final int STORE_ATTEMPTS = 3;

  private ScheduleTriggers() {}

  /**
   * Stores the job and its cron trigger. A clustered store may already hold them from another
   * replica or an earlier start: an unchanged trigger is kept (its misfire state with it), a
   * changed one replaced.
   */
  static void storeSchedule(Scheduler quartz, CronSchedule schedule, boolean clustered)
      throws SchedulerException {
    JobDetail job =
        newJob(CleanupJob.class)
            .withIdentity(JOB)
            .withDescription("retention cleanup of processed_generations")
            .storeDurably()
            // A run whose replica died is re-run by another replica (clustered store only).
            .requestRecovery(clustered)
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
          if (attempt >= STORE_ATTEMPTS) {
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

  /**
   * A catch-up run now, re-checked when it fires (another replica's may have made it moot).
   *
   * @return false when the cluster already has one pending
   */
  static boolean scheduleCatchUp(Scheduler quartz) throws SchedulerException {
    Trigger catchUp =
        newTrigger()
            .withIdentity(CATCH_UP)
            .forJob(JOB)
            .withDescription("catch-up after downtime")
            .usingJobData(CleanupJob.TRIGGER, CleanupTrigger.CATCH_UP.name())
            .usingJobData(CleanupJob.ONLY_IF_STALE, "true")
            .startNow()
            .withSchedule(simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      quartz.scheduleJob(catchUp);
      return true;
    } catch (ObjectAlreadyExistsException pending) {
      return false;
    }
  }

  /**
   * Retry {@code attempt} of a catch-up that met another run's lock, at {@code at}, unless the
   * scheduled run comes first.
   *
   * @return the scheduled run's time when that comes first (nothing scheduled), else empty
   * @throws ObjectAlreadyExistsException another replica scheduled this retry already
   */
  static Optional<Instant> scheduleCatchUpRetry(Scheduler quartz, int attempt, Instant at)
      throws SchedulerException {
    Trigger schedule = quartz.getTrigger(SCHEDULE);
    Date nextTick = schedule == null ? null : schedule.getNextFireTime();
    if (nextTick != null && !nextTick.toInstant().isAfter(at)) {
      return Optional.of(nextTick.toInstant());
    }
    quartz.scheduleJob(
        newTrigger()
            .withIdentity(TriggerKey.triggerKey("catch-up-retry-" + attempt, "retention"))
            .forJob(JOB)
            .withDescription("catch-up retry after a held run lock")
            .usingJobData(CleanupJob.TRIGGER, CleanupTrigger.CATCH_UP.name())
            .usingJobData(CleanupJob.ONLY_IF_STALE, "true")
            .usingJobData(CleanupJob.CATCH_UP_ATTEMPT, String.valueOf(attempt))
            .startAt(Date.from(at))
            .withSchedule(simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build());
    return Optional.empty();
  }

  /**
   * A firing this replica met while stopping, stored for the cluster to run: another replica takes
   * it at once; with none running, the next one to start does (fire now on misfire). It keeps the
   * firing's kind (a recovered firing's is {@code CATCH_UP}), its catch-up re-check and retry
   * count, and names the tick it serves.
   *
   * @param fireInstanceId the met firing's id: each handover is a trigger of its own, so a handed
   *     over firing that meets a stopping replica again is handed over again
   */
  static void handOver(
      Scheduler quartz,
      CleanupTrigger trigger,
      boolean onlyIfStale,
      String catchUpAttempt,
      Instant tick,
      String fireInstanceId)
      throws SchedulerException {
    JobDataMap data = new JobDataMap();
    data.put(CleanupJob.TRIGGER, trigger.name());
    data.put(CleanupJob.ONLY_IF_STALE, String.valueOf(onlyIfStale));
    if (catchUpAttempt != null) {
      data.put(CleanupJob.CATCH_UP_ATTEMPT, catchUpAttempt);
    }
    data.put(CleanupJob.TICK, tick.toString());
    quartz.scheduleJob(
        newTrigger()
            .withIdentity(TriggerKey.triggerKey(HANDOVER_PREFIX + fireInstanceId, JOB.getGroup()))
            .forJob(JOB)
            .withDescription("the firing of " + tick + ", handed over by a stopping replica")
            .usingJobData(data)
            .startNow()
            .withSchedule(simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build());
  }

  /** Whether the store holds a firing handed over by a stopping replica, not yet run. */
  static boolean handOverPending(Scheduler quartz) throws SchedulerException {
    return quartz.getTriggerKeys(GroupMatcher.triggerGroupEquals(JOB.getGroup())).stream()
        .anyMatch(key -> key.getName().startsWith(HANDOVER_PREFIX));
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
}
