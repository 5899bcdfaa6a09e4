package ai.mai.retention.core.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.port.in.CleanupRequest;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The use case's input, as the service relies on it. */
class CleanupRequestTest {

  @Test
  void aBatchSizeBelowOneIsRejected() {
    assertThatThrownBy(
            () ->
                new CleanupRequest(
                    RetentionPolicy.ofDays(90),
                    CleanupTrigger.MANUAL,
                    false,
                    OptionalInt.of(0),
                    null,
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size")
        .hasMessageContaining("0");
  }

  @Test
  void aPolicyAndTriggerAreRequired() {
    assertThatThrownBy(() -> CleanupRequest.of(null, CleanupTrigger.MANUAL))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CleanupRequest.of(RetentionPolicy.ofDays(90), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsAreSafe() {
    CleanupRequest request =
        new CleanupRequest(
            RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL, false, null, null, null);

    assertThat(request.guards()).isEqualTo(CleanupGuards.DEFAULT);
    assertThat(request.guards().allowFullWipe()).isFalse();
    assertThat(request.batchSize()).isEmpty();
    assertThat(request.stopRequested().getAsBoolean()).isFalse();
  }

  @Test
  void dryRunAndStopSignalKeepEverythingElse() {
    CleanupRequest request =
        CleanupRequest.of(RetentionPolicy.ofDays(30), CleanupTrigger.SCHEDULED)
            .withStopSignal(() -> true)
            .asDryRun();

    assertThat(request.dryRun()).isTrue();
    assertThat(request.stopRequested().getAsBoolean()).isTrue();
    assertThat(request.policy().defaultDays()).isEqualTo(30);
    assertThat(request.trigger()).isEqualTo(CleanupTrigger.SCHEDULED);
  }
}
