package ai.mai.retention.core.service;

import static ai.mai.retention.core.service.InMemoryCleanupJournal.finishedRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CleanupHistoryServiceTest {

  static final Instant NOW = Instant.parse("2026-06-02T06:00:00Z");
  static final Duration MAX_AGE = Duration.ofHours(26);

  final InMemoryCleanupJournal journal = new InMemoryCleanupJournal();
  final CleanupHistoryService service = new CleanupHistoryService(journal, new TestClock(NOW));

  @Test
  void recentRunsAreNewestFirstAndLimited() {
    for (int day = 1; day <= 5; day++) {
      journal.add(
          finishedRun(day, "run-" + day, day % 2 == 0, NOW.minus(Duration.ofDays(6 - day))));
    }

    assertThat(service.recentRuns(3))
        .extracting(JournalEntry::runId)
        .containsExactly("run-5", "run-4", "run-3");
    assertThat(service.recentRuns(100)).hasSize(5);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void aLimitBelowOneIsRejected(int limit) {
    assertThatThrownBy(() -> service.recentRuns(limit))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(limit));
  }

  @Test
  void withoutAnySuccessItIsUnhealthy() {
    journal.add(finishedRun(1, "run-bad", false, NOW.minus(Duration.ofHours(1))));

    HealthReport health = service.checkHealth(MAX_AGE);

    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).contains("no successful cleanup");
    assertThat(health.lastSuccess()).isEmpty();
    assertThat(health.lastFailure()).map(JournalEntry::runId).hasValue("run-bad");
    assertThat(health.checkedAt()).isEqualTo(NOW);
    assertThat(health.maxAge()).isEqualTo(MAX_AGE);
  }

  @Test
  void anEmptyJournalIsUnhealthy() {
    HealthReport health = service.checkHealth(MAX_AGE);

    assertThat(health.healthy()).isFalse();
    assertThat(health.lastFailure()).isEmpty();
  }

  @Test
  void aSuccessWithinTheMaximumAgeIsHealthy() {
    journal.add(finishedRun(1, "run-ok", true, NOW.minus(Duration.ofHours(6).plusMinutes(5))));

    HealthReport health = service.checkHealth(MAX_AGE);

    assertThat(health.healthy()).isTrue();
    assertThat(health.lastSuccess()).map(JournalEntry::runId).hasValue("run-ok");
    assertThat(health.reason()).isEqualTo("last successful cleanup finished 6h5m ago");
  }

  @Test
  void aSuccessExactlyAtTheMaximumAgeIsStillHealthy() {
    journal.add(finishedRun(1, "run-ok", true, NOW.minus(MAX_AGE)));

    assertThat(service.checkHealth(MAX_AGE).healthy()).isTrue();
  }

  @Test
  void anOlderSuccessIsUnhealthyAndSaysWhy() {
    journal.add(finishedRun(1, "run-old", true, NOW.minus(MAX_AGE).minusSeconds(1)));

    HealthReport health = service.checkHealth(MAX_AGE);

    assertThat(health.healthy()).isFalse();
    assertThat(health.lastSuccess()).map(JournalEntry::runId).hasValue("run-old");
    assertThat(health.reason()).contains("26h0m ago").contains("longer than the allowed 26h0m");
  }

  @Test
  void aFailureAfterTheLastSuccessMakesItUnhealthyAtOnce() {
    journal.add(finishedRun(1, "run-ok", true, NOW.minus(Duration.ofHours(20))));
    journal.add(finishedRun(2, "run-bad", false, NOW.minus(Duration.ofHours(1))));

    HealthReport health = service.checkHealth(MAX_AGE);

    assertThat(health.healthy()).isFalse();
    assertThat(health.reason())
        .startsWith("the latest cleanup failed 1h0m ago")
        .contains("last successful cleanup finished 20h0m ago");
    assertThat(health.latestRun()).map(JournalEntry::runId).hasValue("run-bad");
    assertThat(health.lastFailure()).map(JournalEntry::runId).hasValue("run-bad");
  }

  @Test
  void aSuccessAfterAFailureIsHealthyAgain() {
    journal.add(finishedRun(1, "run-bad", false, NOW.minus(Duration.ofHours(3))));
    journal.add(finishedRun(2, "run-ok", true, NOW.minus(Duration.ofHours(1))));

    HealthReport health = service.checkHealth(MAX_AGE);

    assertThat(health.healthy()).isTrue();
    assertThat(health.latestRun()).map(JournalEntry::runId).hasValue("run-ok");
    assertThat(health.lastFailure()).map(JournalEntry::runId).hasValue("run-bad");
  }

  @Test
  void shortAgesAreShownInMinutesAndSeconds() {
    journal.add(finishedRun(1, "run-ok", true, NOW.minusSeconds(125)));

    assertThat(service.checkHealth(MAX_AGE).reason()).endsWith("2m5s ago");
  }

  @Test
  void aNonPositiveMaximumAgeIsRejected() {
    assertThatThrownBy(() -> service.checkHealth(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.checkHealth(Duration.ofHours(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> service.checkHealth(null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void healthFollowsTheClock() {
    TestClock clock = new TestClock(NOW);
    CleanupHistoryService moving = new CleanupHistoryService(journal, clock);
    journal.add(finishedRun(1, "run-ok", true, NOW));

    assertThat(moving.checkHealth(MAX_AGE).healthy()).isTrue();
    clock.advance(MAX_AGE.plusSeconds(1));
    assertThat(moving.checkHealth(MAX_AGE).healthy()).isFalse();
  }
}
