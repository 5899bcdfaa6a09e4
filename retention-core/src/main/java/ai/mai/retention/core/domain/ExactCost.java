package ai.mai.retention.core.domain;

import java.math.BigDecimal;

/**
 * Money read from the table's floating-point {@code total_cost}, summed exactly. A row's cost
 * counts as the shortest decimal that reads back as its {@code double} (what the database prints,
 * and what {@link BigDecimal#valueOf(double)} gives).
 *
 * <p>Summing a million of those as {@code BigDecimal}s costs about as much as deleting the rows, so
 * the common case takes a shortcut: below 4096 a double's rounding interval is narrower than 1e-12
 * (its ulp is at most 2^-41), so it holds at most one whole number of picodollars, and when {@code
 * rint(x * 1e12) / 1e12 == x} proves that {@code x} is the double nearest to that number, that
 * number is its shortest decimal. Those rows add up as {@code long} picodollars; every other row
 * goes through {@link BigDecimal#valueOf(double)}. The PostgreSQL adapter's SQL makes the same
 * test, so both databases count every row alike.
 */
public final class ExactCost {

  /** Below this magnitude a whole number of picodollars is a double's shortest decimal. */
  static final double PICO_RANGE = 4096;

  private static final double PICOS_PER_UNIT = 1e12;
  private static final int PICO_SCALE = 12;

  private ExactCost() {}

  /**
   * One row's cost as an exact decimal.
   *
   * @throws IllegalArgumentException for NaN or an infinity, which no decimal is; callers keep such
   *     rows out of the sums ({@link OrganizationTotals})
   */
  public static BigDecimal of(double cost) {
    if (!Double.isFinite(cost)) {
      throw new IllegalArgumentException("cost " + cost + " is not a finite number");
    }
    long picos = picosOrSentinel(cost);
    return picos == NOT_PICOS ? BigDecimal.valueOf(cost) : BigDecimal.valueOf(picos, PICO_SCALE);
  }

  private static final long NOT_PICOS = Long.MIN_VALUE;

  /** Whole picodollars when the shortcut applies, else {@link #NOT_PICOS}. */
  private static long picosOrSentinel(double cost) {
    if (Math.abs(cost) < PICO_RANGE) {
      double scaled = Math.rint(cost * PICOS_PER_UNIT);
      if (scaled / PICOS_PER_UNIT == cost) {
        return (long) scaled;
      }
    }
    return NOT_PICOS;
  }

  /** A running exact sum; not thread-safe. */
  public static final class Sum {
    private long picos;
    private BigDecimal rest = BigDecimal.ZERO;

    /** Adds a finite cost ({@link #of} says why not others). */
    public void add(double cost) {
      if (!Double.isFinite(cost)) {
        throw new IllegalArgumentException("cost " + cost + " is not a finite number");
      }
      long rowPicos = picosOrSentinel(cost);
      if (rowPicos == NOT_PICOS) {
        rest = rest.add(BigDecimal.valueOf(cost));
        return;
      }
      long sum = picos + rowPicos;
      if (((picos ^ sum) & (rowPicos ^ sum)) < 0) {
        // The long would overflow (beyond 9 million USD in one sum): move it to the BigDecimal.
        rest = rest.add(BigDecimal.valueOf(picos, PICO_SCALE));
        picos = rowPicos;
      } else {
        picos = sum;
      }
    }

    public BigDecimal total() {
      return rest.add(BigDecimal.valueOf(picos, PICO_SCALE));
    }
  }
}
