package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void theLargestUnitThatStatesTheDurationExactly() {
    assertThat(Durations.text(Duration.ofHours(26))).isEqualTo("26h");
    assertThat(Durations.text(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.text(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Durations.text(Duration.ofMillis(1_500))).isEqualTo("1500ms");
    assertThat(Durations.text(Duration.ofSeconds(-5))).isEqualTo("-5s");
    assertThat(Durations.text(Duration.ZERO)).isEqualTo("0s");
  }
}
