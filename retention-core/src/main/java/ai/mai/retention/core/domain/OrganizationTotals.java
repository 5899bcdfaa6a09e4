package ai.mai.retention.core.domain;

import java.math.BigDecimal;

/** Rows, tokens and cost (USD, exact) of one organization's deleted or expired rows. */
public record OrganizationTotals(long records, long tokens, BigDecimal cost) {

  public static final OrganizationTotals ZERO = new OrganizationTotals(0, 0, BigDecimal.ZERO);

  public OrganizationTotals {
    if (records < 0 || tokens < 0) {
      throw new IllegalArgumentException("records and tokens must not be negative");
    }
    if (cost == null) {
      throw new IllegalArgumentException("cost is required");
    }
    // One canonical scale, so that equal amounts are equal records whatever summed them.
    cost = cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
  }

  /** One row; the cost is taken at its shortest decimal form ({@link ExactCost}). */
  public static OrganizationTotals ofRow(long tokens, double cost) {
    return new OrganizationTotals(1, tokens, ExactCost.of(cost));
  }

  public OrganizationTotals plus(OrganizationTotals other) {
    return new OrganizationTotals(
        records + other.records, tokens + other.tokens, cost.add(other.cost));
  }
}
