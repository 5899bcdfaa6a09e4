package ai.mai.retention.adapter.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class BreakdownJsonTest {

  @Test
  void writesOrganizationsInOrderWithExactCostText() {
    OrganizationBreakdown breakdown =
        OrganizationBreakdown.builder()
            .add("org-b", new OrganizationTotals(2, 20, new BigDecimal("0.000123")))
            .add("org-a", new OrganizationTotals(1, 10, new BigDecimal("1E+1")))
            .build();

    assertThat(BreakdownJson.write(breakdown))
        .isEqualTo(
            "{\"org-a\":{\"records\":1,\"tokens\":10,\"cost\":\"10\"},"
                + "\"org-b\":{\"records\":2,\"tokens\":20,\"cost\":\"0.000123\"}}");
  }

  @Test
  void escapesOrganizationIds() {
    OrganizationBreakdown breakdown =
        OrganizationBreakdown.builder().addRow("a\"b\\c\n", 1, 0.5).build();

    assertThat(BreakdownJson.write(breakdown)).startsWith("{\"a\\\"b\\\\c\\n\":");
  }

  @Test
  void anEmptyBreakdownIsAnEmptyObject() {
    assertThat(BreakdownJson.write(OrganizationBreakdown.EMPTY)).isEqualTo("{}");
  }
}
