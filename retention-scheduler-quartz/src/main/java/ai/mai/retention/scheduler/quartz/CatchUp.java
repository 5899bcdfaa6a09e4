package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Decides whether the journal is stale enough for a catch-up run: no success within a period. */
final class CatchUp {

  record Decision(boolean needed, String reason) {}

  /**
   * How a catch-up that met another run's lock is retried: later the same day, not at the next tick
   * (a day away with the midnight default). A live holder finishes and journals its success, which
   * makes the retry moot; a dead one's SQLite lease runs out within 10 minutes. Never past the next
   * scheduled tick.
   *
   * @param interval time between attempts
   * @param maxAttempts retries after the first catch-up
   */
  record Retry(Duration interval, int maxAttempts) {
    static final Retry DEFAULT = new Retry(Duration.ofMinutes(5), 12);
  }

  private final CheckCleanupHealthUseCase health;
  private final CronSchedule schedule;
  private final Clock clock;
  private final Retry retry;

  CatchUp(CheckCleanupHealthUseCase health, CronSchedule schedule, Clock clock) {
    this(health, schedule, clock, Retry.DEFAULT);
  }

  CatchUp(CheckCleanupHealthUseCase health, CronSchedule schedule, Clock clock, Retry retry) {
    this.health = health;
    this.schedule = schedule;
    this.clock = clock;
    this.retry = retry;
  }

  Retry retry() {
    return retry;
  }

  /** When a catch-up that met a held lock now tries again, by the scheduler's clock. */
  Instant nextRetryAt() {
    return clock.instant().plus(retry.interval());
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
