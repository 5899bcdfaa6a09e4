package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CleanupGuardsTest {

  static final long NOW_EPOCH = 1_780_272_000L; // 2026-06-01T00:00:00Z

  static TableSnapshot snapshot(long total, long expired, long newest) {
    OrganizationBreakdown breakdown =
        expired == 0
            ? OrganizationBreakdown.EMPTY
            : new OrganizationBreakdown(
                Map.of("org-a", new OrganizationTotals(expired, expired, BigDecimal.ONE)));
    return new TableSnapshot(
        total, breakdown, total == 0 ? OptionalLong.empty() : OptionalLong.of(newest));
  }

  @Test
  void refusesToDeleteEveryRowUnlessAllowed() {
    TableSnapshot everything = snapshot(10, 10, NOW_EPOCH - 100 * 86_400L);

    assertThat(CleanupGuards.DEFAULT.refusalReason(everything))
        .hasValueSatisfying(
            reason ->
                assertThat(reason)
                    .contains("every row")
                    .contains("10 of 10")
                    .contains("CLEANUP_ALLOW_FULL_WIPE=true"));
    assertThat(new CleanupGuards(true, Optional.empty()).refusalReason(everything)).isEmpty();
  }

  @Test
  void anEmptyTableOrAPartialDeleteIsNotAFullWipe() {
    assertThat(CleanupGuards.DEFAULT.refusalReason(snapshot(0, 0, 0))).isEmpty();
    assertThat(CleanupGuards.DEFAULT.refusalReason(snapshot(10, 9, NOW_EPOCH))).isEmpty();
  }

  @Test
  void refusesMoreThanTheMaximumFraction() {
    CleanupGuards tenPercent = new CleanupGuards(false, Optional.of(0.1));

    assertThat(tenPercent.refusalReason(snapshot(100, 10, NOW_EPOCH))).isEmpty();
    assertThat(tenPercent.refusalReason(snapshot(100, 11, NOW_EPOCH)))
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
    assertThat(guards.refusalReason(snapshot(4, 4, NOW_EPOCH))).isPresent();
  }

  @Test
  void refusesMillisecondTimestampsSayingSo() {
    long millis = NOW_EPOCH * 1000;
    TableSnapshot inMillis = snapshot(5, 0, millis);

    assertThat(new CleanupGuards(true, Optional.empty()).refusalReason(inMillis))
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
    assertThat(CleanupGuards.DEFAULT.refusalReason(snapshot(5, 1, year3000))).isEmpty();
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
    assertThat(guards.refusalReason(snapshot(10, 10, NOW_EPOCH))).isEmpty();
  }

  @Test
  void theSnapshotFractionOfAnEmptyTableIsZero() {
    assertThat(snapshot(0, 0, 0).expiredFraction()).isZero();
    assertThat(snapshot(8, 2, NOW_EPOCH).expiredFraction()).isEqualTo(0.25);
    assertThatThrownBy(() -> new TableSnapshot(-1, OrganizationBreakdown.EMPTY, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
