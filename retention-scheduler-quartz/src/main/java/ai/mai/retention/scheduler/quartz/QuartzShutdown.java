package ai.mai.retention.scheduler.quartz;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shutdown of a Quartz instance within a time limit read from the scheduler's clock: the
 * running cleanup is interrupted (it stops after its batch in flight) and waited for, then Quartz
 * is shut down on a thread of its own. The waits also end after as many polls as the limit holds,
 * so that a clock that does not move (a test's fixed clock) cannot make them endless.
 */
final class QuartzShutdown {

  private static final Logger log = LoggerFactory.getLogger(QuartzShutdown.class);

  private static final Duration POLL = Duration.ofMillis(25);

  /** Quartz's own shutdown gets at least this long, even when the limit is spent. */
  private static final Duration MINIMUM_CLOSE_WAIT = Duration.ofMillis(100);

  private final Scheduler quartz;
  private final Clock clock;
  private final Duration timeout;
  private final Instant deadline;

  QuartzShutdown(Scheduler quartz, Clock clock, Duration timeout) {
    this.quartz = quartz;
    this.clock = clock;
    this.timeout = timeout;
    this.deadline = clock.instant().plus(timeout);
  }

  /**
   * Interrupts every running firing until none is left or the limit is reached.
   *
   * @return true when nothing was left running
   */
  boolean interruptRunningJobs() throws SchedulerException {
    boolean announced = false;
    long polls = 0;
    long maxPolls = Math.max(1, timeout.toMillis() / POLL.toMillis());
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
      if (!clock.instant().isBefore(deadline) || polls++ >= maxPolls) {
        return false;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /**
   * Quartz's shutdown waits for the job threads; a job thread stuck on a dead database could hold
   * it forever, so it runs on its own thread and is waited for only until the limit.
   */
  void closeQuartz(boolean waitForJobs) {
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
    Duration left = Duration.between(clock.instant(), deadline);
    Duration wait = left.compareTo(timeout) > 0 ? timeout : left;
    try {
      closer.join(Math.max(MINIMUM_CLOSE_WAIT.toMillis(), wait.toMillis()));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
