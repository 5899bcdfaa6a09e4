package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** Decides whether the journal is stale enough for a catch-up run: no success within a period. */
final class CatchUp {

  record Decision(boolean needed, String reason) {}

  private final CheckCleanupHealthUseCase health;
  private final CronSchedule schedule;
  private final Clock clock;

  CatchUp(CheckCleanupHealthUseCase health, CronSchedule schedule, Clock clock) {
    this.health = health;
    this.schedule = schedule;
    this.clock = clock;
  }

  Decision decide() {
    Optional<Duration> period = schedule.periodAfter(clock.instant());
    if (period.isEmpty()) {
      return new Decision(false, "the schedule " + schedule + " fires at most once more");
    }
    HealthReport report;
    try {
      report = health.checkHealth(period.get());
    } catch (RuntimeException unreadable) {
      // Fail loudly: the run itself will report (and journal, if it can) what is wrong.
      return new Decision(
          true, "could not read the journal (" + unreadable + "); running to find out");
    }
    if (report.healthy()) {
      return new Decision(false, report.reason() + ", within one period of " + period.get());
    }
    return new Decision(true, report.reason() + " (one period of " + schedule + ")");
  }
}
