package ai.mai.retention.adapter.postgres;

import java.math.BigDecimal;

/**
 * One organization's expired or deleted rows, summed by the server. The cost arrives in two parts
 * (see {@code sums} in {@code ExpiredRecordMapper.xml}), either null when no row fell in it; the
 * tokens as a whole number of any size (null when no row was summed); {@code notSummed} rows were
 * kept out of the sums, the first and last of their ids named; {@code newestProcessedAt} is the
 * largest {@code processed_at} among the rows, where a statement reports it.
 */
record OrganizationTotalsRow(
    String clientOrgId,
    long records,
    BigDecimal tokens,
    BigDecimal costPico,
    BigDecimal costRest,
    long notSummed,
    String notSummedFirst,
    String notSummedLast,
    Long newestProcessedAt) {

  /** The exact cost in USD of the summed rows. */
  BigDecimal cost() {
    BigDecimal cost = costPico == null ? BigDecimal.ZERO : costPico.movePointLeft(12);
    return costRest == null ? cost : cost.add(costRest);
  }
}
