package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  private static final Instant NOON_UTC = Instant.parse("2026-03-10T12:00:00Z");

  @Test
  void midnightIsReadInTheConfiguredZone() {
    CronSchedule utc = new CronSchedule("0 0 0 * * ?", ZoneId.of("UTC"));
    CronSchedule berlin = new CronSchedule("0 0 0 * * ?", ZoneId.of("Europe/Berlin"));
    CronSchedule offset = new CronSchedule("0 0 0 * * ?", ZoneId.of("+05:30"));

    assertThat(utc.nextFireAfter(NOON_UTC)).contains(Instant.parse("2026-03-11T00:00:00Z"));
    // Berlin is UTC+1 in March before the switch: its midnight is 23:00 UTC.
    assertThat(berlin.nextFireAfter(NOON_UTC)).contains(Instant.parse("2026-03-10T23:00:00Z"));
    assertThat(offset.nextFireAfter(NOON_UTC)).contains(Instant.parse("2026-03-10T18:30:00Z"));
  }

  @Test
  void theDailyPeriodIsOneDay() {
    assertThat(new CronSchedule("0 0 0 * * ?", ZoneId.of("UTC")).periodAfter(NOON_UTC))
        .contains(Duration.ofHours(24));
    assertThat(new CronSchedule("*/2 * * * * ?", ZoneId.of("UTC")).periodAfter(NOON_UTC))
        .contains(Duration.ofSeconds(2));
  }

  @Test
  void theDailyPeriodAcrossTheSpringSwitchIsTwentyThreeHours() {
    // Europe/Berlin springs forward on 2026-03-29: that day has 23 hours.
    Instant saturdayEvening =
        ZonedDateTime.parse("2026-03-28T12:00:00+01:00[Europe/Berlin]").toInstant();
    CronSchedule berlin = new CronSchedule("0 0 0 * * ?", ZoneId.of("Europe/Berlin"));

    assertThat(berlin.periodAfter(saturdayEvening)).contains(Duration.ofHours(23));
  }

  @Test
  void aScheduleThatFiresOnlyOnceMoreHasNoPeriod() {
    CronSchedule once = new CronSchedule("0 0 0 1 1 ? 2099", ZoneId.of("UTC"));

    assertThat(once.nextFireAfter(NOON_UTC)).isPresent();
    assertThat(once.periodAfter(NOON_UTC)).isEmpty();
  }
}
