package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CleanupGuardsTest {

  static final long NOW_EPOCH = 1_780_272_000L; // 2026-06-01T00:00:00Z

  static final Instant NOW = Instant.ofEpochSecond(NOW_EPOCH);
  static final long DAY = 86_400L;

  /** 90 days by default, 400 for org-long, org-c on hold. */
  static final CleanupCriteria CRITERIA =
      new CleanupCriteria(NOW, 90, Map.of("org-long", 400), Set.of("org-c"));

  static TableSnapshot snapshot(long total, long expired, long newest) {
    return snapshot(total, 0, expired, newest);
  }

  static TableSnapshot snapshot(long total, long held, long expired, long newest) {
    OrganizationBreakdown breakdown =
        expired == 0
            ? OrganizationBreakdown.EMPTY
            : new OrganizationBreakdown(
                Map.of("org-a", new OrganizationTotals(expired, expired, BigDecimal.ONE)));
    return new TableSnapshot(
        total, held, breakdown, total == 0 ? OptionalLong.empty() : OptionalLong.of(newest));
  }

  static Optional<String> refusal(CleanupGuards guards, TableSnapshot snapshot) {
    return guards.refusalReason(snapshot, CleanupCriteria.uniform(NOW, 90));
  }

  @Test
  void refusesToDeleteEveryRowUnlessAllowed() {
    TableSnapshot everything = snapshot(10, 10, NOW_EPOCH - 100 * 86_400L);

    assertThat(refusal(CleanupGuards.DEFAULT, everything))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("every row")
                    .contains("10 of 10")
                    .contains("CLEANUP_ALLOW_FULL_WIPE=true"));
    assertThat(refusal(new CleanupGuards(true, Optional.empty()), everything)).isEmpty();
  }

  @Test
  void anEmptyTableOrAPartialDeleteIsNotAFullWipe() {
    assertThat(refusal(CleanupGuards.DEFAULT, snapshot(0, 0, 0))).isEmpty();
    assertThat(refusal(CleanupGuards.DEFAULT, snapshot(10, 9, NOW_EPOCH))).isEmpty();
  }

  @Test
  void refusesMoreThanTheMaximumFraction() {
    CleanupGuards tenPercent = new CleanupGuards(false, Optional.of(0.1));

    assertThat(refusal(tenPercent, snapshot(100, 10, NOW_EPOCH))).isEmpty();
    assertThat(refusal(tenPercent, snapshot(100, 11, NOW_EPOCH)))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("11 of 100")
                    .contains("11.00%")
                    .contains("allowed share 0.1")
                    .contains("CLEANUP_MAX_DELETE_FRACTION"));
  }

  @Test
  void theFractionGuardAppliesEvenWhenAFullWipeIsAllowed() {
    CleanupGuards guards = new CleanupGuards(true, Optional.of(0.5));
    assertThat(refusal(guards, snapshot(4, 4, NOW_EPOCH))).isPresent();
  }

  @Test
  void refusesMillisecondTimestampsSayingSo() {
    long millis = NOW_EPOCH * 1000;
    TableSnapshot inMillis = snapshot(5, 0, millis);

    assertThat(refusal(new CleanupGuards(true, Optional.empty()), inMillis))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("milliseconds")
                    .contains("epoch seconds")
                    .contains(Long.toString(millis)));
  }

  @Test
  void secondsFarInTheFutureAreStillSeconds() {
    long year3000 = 32_503_680_000L;
    assertThat(refusal(CleanupGuards.DEFAULT, snapshot(5, 1, year3000))).isEmpty();
    // Milliseconds of 1973 already exceed the limit, so any real millisecond value is caught.
    assertThat(100_000_000_000L).isGreaterThan(year3000).isLessThan(NOW_EPOCH * 1000);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.01, 1.01, Double.NaN, Double.POSITIVE_INFINITY})
  void rejectsFractionsOutsideZeroToOne(double fraction) {
    assertThatThrownBy(() -> new CleanupGuards(false, Optional.of(fraction)))
        .isInstanceOf(InvalidPolicyException.class)
        .hasMessageContaining(String.valueOf(fraction));
  }

  @Test
  void aMissingFractionMeansNoLimit() {
    CleanupGuards guards = new CleanupGuards(true, null);
    assertThat(guards.maxDeleteFraction()).isEmpty();
    assertThat(refusal(guards, snapshot(10, 10, NOW_EPOCH))).isEmpty();
  }

  @Test
  void theSnapshotFractionOfAnEmptyTableIsZero() {
    assertThat(snapshot(0, 0, 0).expiredFraction()).isZero();
    assertThat(snapshot(8, 2, NOW_EPOCH).expiredFraction()).isEqualTo(0.25);
    assertThatThrownBy(() -> new TableSnapshot(-1, 0, OrganizationBreakdown.EMPTY, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TableSnapshot(3, 4, OrganizationBreakdown.EMPTY, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heldRecords");
  }

  @Test
  void heldRowsDoNotTurnAWipeOfEveryOtherRowIntoAPartialDelete() {
    // The case: 5,000 rows, org-c held, the clock 200 days ahead: 4,000 would go.
    TableSnapshot everyUnheldRow = snapshot(5_000, 1_000, 4_000, NOW_EPOCH - 200 * DAY);

    assertThat(CleanupGuards.DEFAULT.refusalReason(everyUnheldRow, CRITERIA))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("every row of the table not on legal hold")
                    .contains("4000 of 5000")
                    .contains("1000 held rows stay")
                    .contains("--allow-full-wipe"));
    assertThat(new CleanupGuards(true, Optional.empty()).refusalReason(everyUnheldRow, CRITERIA))
        .isEmpty();
    assertThat(
            CleanupGuards.DEFAULT.refusalReason(
                snapshot(5_000, 1_000, 3_999, NOW_EPOCH - DAY), CRITERIA))
        .isEmpty();
  }

  @Test
  void aTableOfHeldRowsOnlyHasNothingToWipe() {
    assertThat(CleanupGuards.DEFAULT.refusalReason(snapshot(10, 10, 0, NOW_EPOCH), CRITERIA))
        .isEmpty();
  }

  @Test
  void aClockAheadOfEveryRowIsRefusedEvenWhenRowsWouldStay() {
    // org-long keeps 400 days, so this is no full wipe, but nothing is newer than 90 days.
    TableSnapshot staleTable = snapshot(100, 0, 60, NOW_EPOCH - 91 * DAY);

    assertThat(CleanupGuards.DEFAULT.refusalReason(staleTable, CRITERIA))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("no row is newer than the shortest retention")
                    .contains("clock is ahead")
                    .contains("CLEANUP_ALLOW_FULL_WIPE=true"));
    assertThat(new CleanupGuards(true, Optional.empty()).refusalReason(staleTable, CRITERIA))
        .isEmpty();
    // One row newer than the shortest retention: the clock agrees with the data.
    assertThat(
            CleanupGuards.DEFAULT.refusalReason(
                snapshot(100, 0, 60, NOW_EPOCH - 89 * DAY), CRITERIA))
        .isEmpty();
    // Nothing to delete: nothing to refuse.
    assertThat(
            CleanupGuards.DEFAULT.refusalReason(
                snapshot(100, 0, 0, NOW_EPOCH - 91 * DAY), CRITERIA))
        .isEmpty();
  }

  @Test
  void aClockBehindTheNewestRowIsNotRefused() {
    // It can only delete less than is due; a row stamped in the future must not block cleanup.
    assertThat(
            CleanupGuards.DEFAULT.refusalReason(
                snapshot(100, 0, 10, NOW_EPOCH + 365 * DAY), CRITERIA))
        .isEmpty();
  }
}
