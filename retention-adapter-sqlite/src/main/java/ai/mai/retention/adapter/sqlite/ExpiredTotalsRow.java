package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.domain.OrganizationTotals;
import java.math.BigDecimal;

/**
 * One organization's expired rows as {@code selectExpiredTotals} sums them: the costs it could sum
 * exactly in two integer parts, and how many others {@code selectExpiredOtherCosts} still has to
 * return one by one.
 */
record ExpiredTotalsRow(
    String clientOrgId,
    long records,
    long tokens,
    Long costMicros,
    Long costPicos,
    long otherCosts) {

  /** The totals, with the cost of the {@link #otherCosts} rows still missing. */
  OrganizationTotals totalsWithoutOtherCosts() {
    BigDecimal micros = costMicros == null ? BigDecimal.ZERO : BigDecimal.valueOf(costMicros, 6);
    BigDecimal picos = costPicos == null ? BigDecimal.ZERO : BigDecimal.valueOf(costPicos, 12);
    return new OrganizationTotals(records, tokens, micros.add(picos));
  }
}
