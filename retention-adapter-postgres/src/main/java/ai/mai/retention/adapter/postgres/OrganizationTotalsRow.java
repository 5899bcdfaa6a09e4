package ai.mai.retention.adapter.postgres;

import java.math.BigDecimal;

/**
 * One organization's expired or deleted rows, summed by the server. The cost arrives in two parts
 * (see {@code costSums} in {@code ExpiredRecordMapper.xml}), either null when no row fell in it;
 * {@code newestProcessedAt} is the largest {@code processed_at} among the rows, where a statement
 * reports it.
 */
record OrganizationTotalsRow(
    String clientOrgId,
    long records,
    long tokens,
    BigDecimal costPico,
    BigDecimal costRest,
    Long newestProcessedAt) {

  /** The exact cost in USD. */
  BigDecimal cost() {
    BigDecimal cost = costPico == null ? BigDecimal.ZERO : costPico.movePointLeft(12);
    return costRest == null ? cost : cost.add(costRest);
  }
}
