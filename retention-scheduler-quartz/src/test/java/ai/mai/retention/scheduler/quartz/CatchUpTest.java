package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {

  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void asksTheHealthCheckWithOneSchedulePeriodAsTheMaximumAge() {
    List<Duration> asked = new ArrayList<>();
    CheckCleanupHealthUseCase health =
        maxAge -> {
          asked.add(maxAge);
          return FakeHealth.stale(maxAge);
        };

    CatchUp.Decision daily = catchUp(health, "0 0 0 * * ?").decide();
    CatchUp.Decision weekly = catchUp(health, "0 0 3 ? * SUN").decide();

    assertThat(asked).containsExactly(Duration.ofDays(1), Duration.ofDays(7));
    assertThat(daily.needed()).isTrue();
    assertThat(daily.reason()).contains("longer ago than one schedule period (1d of");
    assertThat(weekly.reason()).contains("(7d of");
  }

  @Test
  void aHealthyJournalNeedsNoCatchUp() {
    CatchUp.Decision decision = catchUp(FakeHealth::healthy, "0 0 0 * * ?").decide();

    assertThat(decision.needed()).isFalse();
    assertThat(decision.reason()).contains("within one schedule period");
  }

  @Test
  void anUnreadableJournalRunsAnywaySoTheFailureIsReported() {
    CheckCleanupHealthUseCase broken =
        maxAge -> {
          throw new IllegalStateException("connection refused");
        };

    CatchUp.Decision decision = catchUp(broken, "0 0 0 * * ?").decide();

    assertThat(decision.needed()).isTrue();
    assertThat(decision.reason()).contains("connection refused");
  }

  @Test
  void aScheduleWithoutAPeriodNeverCatchesUp() {
    CatchUp.Decision decision = catchUp(FakeHealth::stale, "0 0 0 1 1 ? 2099").decide();

    assertThat(decision.needed()).isFalse();
  }

  @Test
  void durationsReadLikeTheSchedule() {
    assertThat(CatchUp.human(Duration.ofDays(1))).isEqualTo("1d");
    assertThat(CatchUp.human(Duration.ofHours(23))).isEqualTo("23h");
    assertThat(CatchUp.human(Duration.ofMinutes(90))).isEqualTo("1h30m");
    assertThat(CatchUp.human(Duration.ofSeconds(2))).isEqualTo("2s");
    assertThat(CatchUp.human(Duration.ZERO)).isEqualTo("0s");
  }

  private static CatchUp catchUp(CheckCleanupHealthUseCase health, String cron) {
    return new CatchUp(health, new CronSchedule(cron, ZoneId.of("UTC")), NOON);
  }

  /** Health verdicts without a journal. */
  private static final class FakeHealth {
    static HealthReport stale(Duration maxAge) {
      return new HealthReport(
          false,
          Instant.EPOCH,
          maxAge,
          java.util.Optional.empty(),
          java.util.Optional.empty(),
          "stale");
    }

    static HealthReport healthy(Duration maxAge) {
      return new HealthReport(
          true,
          Instant.EPOCH,
          maxAge,
          java.util.Optional.empty(),
          java.util.Optional.empty(),
          "fresh");
    }
  }
}
