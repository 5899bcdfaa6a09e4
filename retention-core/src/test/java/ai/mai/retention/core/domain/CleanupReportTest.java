package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CleanupReportTest {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static CleanupReport deleting(long records) {
    OrganizationBreakdown deleted =
        records == 0
            ? OrganizationBreakdown.EMPTY
            : OrganizationBreakdown.builder()
                .add("org-a", new OrganizationTotals(records, records * 10, new BigDecimal("0.5")))
                .build();
    return new CleanupReport(
        "run-1",
        CleanupTrigger.MANUAL,
        RunStatus.SUCCEEDED,
        false,
        CleanupCriteria.uniform(NOW, 90),
        NOW,
        Duration.ofMillis(1_500),
        records + 5,
        records,
        5,
        deleted,
        1,
        null);
  }

  /**
   * Expected values printed by Python: {@code round(records * 100 / 1024, 2)}. Python rounds the
   * exact binary value half-to-even, so 3.125 becomes 3.12, not 3.13.
   */
  @ParameterizedTest(name = "{0} rows -> {1} KiB")
  @CsvSource({
    "0, 0.0",
    "1, 0.1",
    "3, 0.29",
    "5, 0.49",
    "8, 0.78",
    "10, 0.98",
    "32, 3.12",
    "96, 9.38",
    "160, 15.62",
    "1000, 97.66",
    "10240, 1000.0",
    "12345, 1205.57",
    "999999, 97656.15"
  })
  void storageSavedMatchesThePythonEstimate(long records, double expectedKb) {
    assertThat(deleting(records).storageSavedKb()).isEqualTo(expectedKb);
  }

  @Test
  void exposesTheStatisticsOfItsBreakdown() {
    CleanupReport report = deleting(8);

    assertThat(report.recordsDeleted()).isEqualTo(8);
    assertThat(report.tokensRemoved()).isEqualTo(80);
    assertThat(report.costRemoved()).isEqualByComparingTo("0.5");
    assertThat(report.durationSeconds()).isEqualTo(1.5);
    assertThat(report.cutoff().epochSecond()).isEqualTo(NOW.getEpochSecond() - 90 * 86_400L);
    assertThat(report.success()).isTrue();
    assertThat(report.errorMessage()).isEmpty();
  }

  @Test
  void onlySucceededAndDryRunAreSuccesses() {
    for (RunStatus status : RunStatus.values()) {
      boolean expected = status == RunStatus.SUCCEEDED || status == RunStatus.DRY_RUN;
      assertThat(status.isSuccess()).as(status.name()).isEqualTo(expected);
    }
    assertThat(RunStatus.SKIPPED_LOCKED.label()).isEqualTo("skipped_locked");
    assertThat(CleanupTrigger.CATCH_UP.label()).isEqualTo("catch_up");
  }

  @Test
  void missingPartsDefaultOrAreRejected() {
    CleanupReport bare =
        new CleanupReport(
            "run-1",
            CleanupTrigger.MANUAL,
            RunStatus.FAILED,
            false,
            CleanupCriteria.uniform(NOW, 90),
            NOW,
            null,
            0,
            0,
            0,
            null,
            0,
            "boom");
    assertThat(bare.deleted()).isEqualTo(OrganizationBreakdown.EMPTY);
    assertThat(bare.duration()).isEqualTo(Duration.ZERO);
    assertThat(bare.errorMessage()).hasValue("boom");

    assertThatThrownBy(
            () ->
                new CleanupReport(
                    null,
                    CleanupTrigger.MANUAL,
                    RunStatus.FAILED,
                    false,
                    CleanupCriteria.uniform(NOW, 90),
                    NOW,
                    null,
                    0,
                    0,
                    0,
                    null,
                    0,
                    null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
