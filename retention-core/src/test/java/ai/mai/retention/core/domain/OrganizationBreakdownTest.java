package ai.mai.retention.core.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OrganizationBreakdownTest {

  static OrganizationTotals totals(long records, long tokens, String cost) {
    return new OrganizationTotals(records, tokens, new BigDecimal(cost));
  }

  @Test
  void sumsRecordsTokensAndCostAcrossOrganizations() {
    OrganizationBreakdown breakdown =
        new OrganizationBreakdown(
            Map.of("org-a", totals(2, 300, "0.1"), "org-b", totals(3, 40, "0.2")));

    assertThat(breakdown.records()).isEqualTo(5);
    assertThat(breakdown.tokens()).isEqualTo(340);
    assertThat(breakdown.cost()).isEqualByComparingTo("0.3");
    assertThat(breakdown.isEmpty()).isFalse();
    assertThat(breakdown.byOrganization().keySet()).containsExactly("org-a", "org-b");
  }

  @Test
  void mergesOverlappingOrganizations() {
    OrganizationBreakdown first =
        new OrganizationBreakdown(
            Map.of("org-a", totals(1, 10, "0.1"), "org-b", totals(1, 20, "0.25")));
    OrganizationBreakdown second =
        new OrganizationBreakdown(
            Map.of("org-b", totals(2, 5, "0.05"), "org-c", totals(4, 1, "1")));

    OrganizationBreakdown merged = first.plus(second);

    assertThat(merged.byOrganization())
        .containsExactlyEntriesOf(
            new java.util.TreeMap<>(
                Map.of(
                    "org-a", totals(1, 10, "0.1"),
                    "org-b", totals(3, 25, "0.3"),
                    "org-c", totals(4, 1, "1"))));
    assertThat(merged.records()).isEqualTo(first.records() + second.records());
    assertThat(merged.cost()).isEqualByComparingTo(first.cost().add(second.cost()));
    assertThat(second.plus(first)).isEqualTo(merged);
    assertThat(first.plus(OrganizationBreakdown.EMPTY)).isEqualTo(first);
    assertThat(OrganizationBreakdown.EMPTY.plus(first)).isEqualTo(first);
  }

  @Test
  void theBuilderAddsRowsWithExactDecimalCosts() {
    OrganizationBreakdown breakdown =
        OrganizationBreakdown.builder()
            .addRow("org-a", 100, 0.1)
            .addRow("org-a", 200, 0.2)
            .addRow("org-b", 5, 0.000123)
            .build();

    // As doubles, 0.1 + 0.2 == 0.30000000000000004.
    assertThat(breakdown.byOrganization().get("org-a")).isEqualTo(totals(2, 300, "0.3"));
    assertThat(breakdown.cost().toPlainString()).isEqualTo("0.300123");
  }

  @Test
  void equalAmountsAreEqualWhateverTheirScale() {
    assertThat(totals(1, 1, "0.10")).isEqualTo(totals(1, 1, "0.1"));
    assertThat(totals(1, 1, "0.000")).isEqualTo(totals(1, 1, "0"));
    assertThat(totals(1, 1, "0.000").cost()).isSameAs(BigDecimal.ZERO);
  }

  @Test
  void theEmptyBreakdownHasNothing() {
    assertThat(OrganizationBreakdown.EMPTY.records()).isZero();
    assertThat(OrganizationBreakdown.EMPTY.tokens()).isZero();
    assertThat(OrganizationBreakdown.EMPTY.cost()).isEqualByComparingTo("0");
    assertThat(OrganizationBreakdown.EMPTY.isEmpty()).isTrue();
  }

  @Test
  void totalsRejectNegativeCountsAndMissingCost() {
    assertThatThrownBy(() -> totals(-1, 0, "0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> totals(0, -1, "0")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OrganizationTotals(0, 0, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void isImmutable() {
    OrganizationBreakdown breakdown =
        new OrganizationBreakdown(new java.util.HashMap<>(Map.of("org-a", totals(1, 1, "1"))));
    assertThatThrownBy(() -> breakdown.byOrganization().put("org-b", OrganizationTotals.ZERO))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void rowsWithoutOrganizationAreCountedUnderTheirOwnKey() {
    OrganizationBreakdown breakdown =
        OrganizationBreakdown.builder()
            .addRow(null, 5, 0.25)
            .add(null, new OrganizationTotals(2, 3, new BigDecimal("0.5")))
            .addRow("org-a", 1, 0.1)
            .build();

    assertThat(breakdown.byOrganization())
        .containsOnlyKeys(OrganizationBreakdown.NO_ORGANIZATION, "org-a");
    assertThat(breakdown.byOrganization().get(OrganizationBreakdown.NO_ORGANIZATION).records())
        .isEqualTo(3);
    assertThat(OrganizationId.SAFE.matcher(OrganizationBreakdown.NO_ORGANIZATION).matches())
        .as("no policy can name it")
        .isFalse();
  }
}
