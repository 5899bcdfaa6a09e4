package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rows that cannot be summed are counted and said; sums never wrap around. */
class OrganizationTotalsTest {

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
  void aRowWhoseCostIsNotAFiniteNumberIsCountedOutsideTheSums(double cost) {
    OrganizationTotals row = OrganizationTotals.ofRow(100, cost);

    assertThat(row.records()).isEqualTo(1);
    assertThat(row.notSummed()).isEqualTo(1);
    assertThat(row.tokens()).isZero();
    assertThat(row.cost()).isEqualByComparingTo("0");
    assertThatThrownBy(() -> ExactCost.of(cost))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a finite number");
  }

  @Test
  void aRowWithNegativeTokensIsCountedOutsideTheSums() {
    assertThat(OrganizationTotals.ofRow(-3, 0.5)).isEqualTo(OrganizationTotals.NOT_SUMMED_ROW);
  }

  @Test
  void addingPastTheLargestTokenCountKeepsTheSumsExactAndCountsTheRestOutside() {
    OrganizationTotals big = new OrganizationTotals(2, Long.MAX_VALUE - 10, new BigDecimal("1"));
    OrganizationTotals more = new OrganizationTotals(3, 11, new BigDecimal("2"), 1);

    OrganizationTotals sum = big.plus(more);

    assertThat(sum.records()).isEqualTo(5);
    assertThat(sum.tokens()).isEqualTo(Long.MAX_VALUE - 10);
    assertThat(sum.cost()).isEqualByComparingTo("1");
    assertThat(sum.notSummed()).isEqualTo(3);
    assertThat(sum.summedRecords()).isEqualTo(2);
  }

  @Test
  void aBreakdownsTotalNeverWrapsAcrossOrganizationsEither() {
    long half = Long.MAX_VALUE / 2 + 1;
    OrganizationBreakdown breakdown =
        new OrganizationBreakdown(
            Map.of(
                "org-a", new OrganizationTotals(1, half, BigDecimal.ONE),
                "org-b", new OrganizationTotals(1, half, BigDecimal.ONE)));

    assertThat(breakdown.tokens()).isEqualTo(half);
    assertThat(breakdown.notSummed()).isEqualTo(1);
    assertThat(breakdown.cost()).isEqualByComparingTo("1");
    assertThat(breakdown.records()).isEqualTo(2);
  }

  @Test
  void theBuilderNamesAFewRowsOutsideTheSumsAndEqualityIgnoresWhich() {
    OrganizationBreakdown.Builder builder = OrganizationBreakdown.builder();
    for (int i = 0; i < 8; i++) {
      builder.addRow("bad-" + i, "org-a", 10, Double.NaN);
    }
    builder.addRow("good", "org-a", 10, 0.5);
    builder.addNotSummed("text-tokens", "org-b");

    OrganizationBreakdown breakdown = builder.build();

    assertThat(breakdown.notSummed()).isEqualTo(9);
    assertThat(breakdown.records()).isEqualTo(10);
    assertThat(breakdown.tokens()).isEqualTo(10);
    assertThat(breakdown.notSummedExamples())
        .hasSize(OrganizationBreakdown.MAX_EXAMPLES)
        .containsExactly("bad-0", "bad-1", "bad-2", "bad-3", "bad-4");
    assertThat(breakdown).isEqualTo(new OrganizationBreakdown(breakdown.byOrganization()));
  }

  @Test
  void notSummedCannotExceedTheRows() {
    assertThatThrownBy(() -> new OrganizationTotals(1, 0, BigDecimal.ZERO, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notSummed");
  }
}
