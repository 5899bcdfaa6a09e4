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
    String onePeriod = "one schedule period (" + human(period.get()) + " of " + schedule + ")";
    if (report.healthy()) {
      return new Decision(false, report.reason() + ", within " + onePeriod);
    }
    return new Decision(true, report.reason() + ", longer ago than " + onePeriod);
  }

  static String human(Duration duration) {
    if (duration.toDaysPart() > 0 && duration.toHoursPart() == 0 && duration.toMinutesPart() == 0) {
      return duration.toDays() + "d";
    }
    StringBuilder text = new StringBuilder();
    if (duration.toHours() > 0) {
      text.append(duration.toHours()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0 || text.length() == 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    return text.toString();
  }
}
