package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleSettingsTest {

  @Test
  void defaultsAreMidnightUtcEnabledLocalWithCatchUp() {
    ScheduleSettings settings = ScheduleSettings.defaults();

    assertThat(settings.cron()).isEqualTo("0 0 0 * * ?");
    assertThat(settings.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.clustered()).isFalse();
    assertThat(settings.catchUp()).isTrue();
    assertThat(settings.clusterCheckinInterval()).isEqualTo(Duration.ofSeconds(15));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 * * *", // Unix cron: five fields, no seconds
        "0 0 0 * * *", // both day fields set
        "0 0 25 * * ?", // hour out of range
        "every midnight",
      })
  void aBadCronExpressionIsRefusedNamingTheSettingAndTheValue(String cron) {
    assertThatThrownBy(() -> ScheduleSettings.defaults().withCron(cron))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CLEANUP_CRON: '" + cron + "'")
        .hasMessageContaining("6 or 7 fields");
  }

  @Test
  void aCronThatNeverFiresAgainIsRefused() {
    assertThatThrownBy(() -> ScheduleSettings.defaults().withCron("0 0 0 1 1 ? 2001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLEANUP_CRON")
        .hasMessageContaining("never fires again");
  }

  @Test
  void aMissingCronIsRefused() {
    assertThatThrownBy(() -> ScheduleSettings.defaults().withCron("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CLEANUP_CRON:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus_Mons", "CEST", "UTC+25", "Europe/Berlinn"})
  void anUnknownTimeZoneIsRefusedNamingTheSettingAndTheValue(String zone) {
    assertThatThrownBy(() -> ScheduleSettings.defaults().withTimeZone(zone))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CLEANUP_TIMEZONE: '" + zone + "'");
  }

  @Test
  void aMissingTimeZoneIsRefused() {
    assertThatThrownBy(() -> ScheduleSettings.parseZone(""))
        .hasMessageStartingWith("CLEANUP_TIMEZONE:");
    assertThatThrownBy(() -> ScheduleSettings.defaults().withZone(null))
        .hasMessageStartingWith("CLEANUP_TIMEZONE:");
  }

  @Test
  void ianaNamesAndOffsetsAreAccepted() {
    assertThat(ScheduleSettings.defaults().withTimeZone("Europe/Berlin").zone())
        .isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(ScheduleSettings.defaults().withTimeZone(" +02:00 ").zone())
        .isEqualTo(ZoneId.of("+02:00"));
  }

  @Test
  void theCanonicalConstructorValidatesToo() {
    assertThatThrownBy(
            () -> new ScheduleSettings("nope", ZoneId.of("UTC"), true, false, null, null, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("CLEANUP_CRON: 'nope'");
  }

  @Test
  void aBlankInstanceIdMeansGenerated() {
    assertThat(ScheduleSettings.defaults().withClustered(true, " ").instanceId()).isNull();
    assertThat(ScheduleSettings.defaults().withClustered(true, "replica-1").instanceId())
        .isEqualTo("replica-1");
  }

  @Test
  void aTooShortCheckinIntervalIsRefused() {
    assertThatThrownBy(
            () -> ScheduleSettings.defaults().withClusterCheckinInterval(Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("check-in interval");
  }
}
