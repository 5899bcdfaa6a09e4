package ai.mai.retention.core.domain;

import java.math.BigDecimal;

/**
 * Rows, tokens and cost (USD, exact) of one organization's deleted or expired rows.
 *
 * <p>A row whose cost is not a finite number (NaN, ±Infinity; SQLite's {@code 9e999}) or whose
 * tokens are not a whole number from 0 up (text, a float, a negative count) is still deleted and
 * counted in {@code records}, but its tokens and cost stay out of the sums: it is counted in {@code
 * notSummed} instead. The sums never overflow either: when adding would carry the token sum past
 * {@link Long#MAX_VALUE}, the rows being added are counted as not summed. So at all times {@code
 * tokens} and {@code cost} are the exact sums over {@code records - notSummed} rows.
 *
 * @param records rows
 * @param tokens exact sum of the summed rows' tokens
 * @param cost exact sum of the summed rows' costs
 * @param notSummed rows whose values are outside the sums
 */
public record OrganizationTotals(long records, long tokens, BigDecimal cost, long notSummed) {

  public static final OrganizationTotals ZERO = new OrganizationTotals(0, 0, BigDecimal.ZERO, 0);

  /** One row whose values are outside the sums. */
  public static final OrganizationTotals NOT_SUMMED_ROW =
      new OrganizationTotals(1, 0, BigDecimal.ZERO, 1);

  public OrganizationTotals {
    if (records < 0 || tokens < 0) {
      throw new IllegalArgumentException("records and tokens must not be negative");
    }
    if (notSummed < 0 || notSummed > records) {
      throw new IllegalArgumentException(
          "notSummed must be between 0 and records (" + records + "), got " + notSummed);
    }
    if (cost == null) {
      throw new IllegalArgumentException("cost is required");
    }
    // One canonical scale, so that equal amounts are equal records whatever summed them.
    cost = cost.signum() == 0 ? BigDecimal.ZERO : cost.stripTrailingZeros();
  }

  /** Rows that are all in the sums. */
  public OrganizationTotals(long records, long tokens, BigDecimal cost) {
    this(records, tokens, cost, 0);
  }

  /**
   * One row; the cost is taken at its shortest decimal form ({@link ExactCost}). A cost that is not
   * a finite number or negative tokens make it a row outside the sums.
   */
  public static OrganizationTotals ofRow(long tokens, double cost) {
    if (!isSummable(tokens, cost)) {
      return NOT_SUMMED_ROW;
    }
    return new OrganizationTotals(1, tokens, ExactCost.of(cost));
  }

  /** Whether a row's values can go into the sums. */
  public static boolean isSummable(long tokens, double cost) {
    return tokens >= 0 && Double.isFinite(cost);
  }

  /** Rows whose tokens and cost are in the sums. */
  public long summedRecords() {
    return records - notSummed;
  }

  public OrganizationTotals plus(OrganizationTotals other) {
    long total;
    try {
      total = Math.addExact(tokens, other.tokens);
    } catch (ArithmeticException overflow) {
      // Past Long.MAX_VALUE tokens: keep these sums exact and count the other rows outside them.
      return new OrganizationTotals(
          records + other.records, tokens, cost, notSummed + other.records);
    }
    return new OrganizationTotals(
        records + other.records, total, cost.add(other.cost), notSummed + other.notSummed);
  }
}
