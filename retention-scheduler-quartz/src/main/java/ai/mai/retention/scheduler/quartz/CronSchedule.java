package ai.mai.retention.scheduler.quartz;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/** A validated cron expression read in an explicit time zone. */
final class CronSchedule {

  private final String expression;
  private final ZoneId zone;
  private final CronExpression cron;

  CronSchedule(String expression, ZoneId zone) {
    this.expression = expression;
    this.zone = zone;
    try {
      this.cron = new CronExpression(expression);
    } catch (ParseException invalid) {
      // ScheduleSettings validated it already.
      throw new IllegalArgumentException("CLEANUP_CRON: '" + expression + "' is invalid", invalid);
    }
    cron.setTimeZone(timeZoneOf(zone));
  }

  static CronSchedule of(ScheduleSettings settings) {
    return new CronSchedule(settings.cron(), settings.zone());
  }

  /**
   * {@link TimeZone#getTimeZone(String)} silently falls back to GMT for an unknown id; going
   * through {@link ZoneId} never does, and maps offsets such as {@code +02:00} to {@code
   * GMT+02:00}.
   */
  static TimeZone timeZoneOf(ZoneId zone) {
    return TimeZone.getTimeZone(zone);
  }

  String expression() {
    return expression;
  }

  ZoneId zone() {
    return zone;
  }

  TimeZone timeZone() {
    return cron.getTimeZone();
  }

  Optional<Instant> nextFireAfter(Instant instant) {
    return Optional.ofNullable(cron.getNextValidTimeAfter(Date.from(instant))).map(Date::toInstant);
  }

  /**
   * One schedule period as seen from {@code now}: the gap between the next two fire times (24 h for
   * a daily schedule; 23 or 25 h across a daylight-saving change). Empty when the schedule fires
   * fewer than twice more.
   */
  Optional<Duration> periodAfter(Instant now) {
    Optional<Instant> first = nextFireAfter(now);
    Optional<Instant> second = first.flatMap(this::nextFireAfter);
    if (second.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Duration.between(first.get(), second.get()));
  }

  @Override
  public String toString() {
    return "'" + expression + "' in " + zone.getId();
  }
}
