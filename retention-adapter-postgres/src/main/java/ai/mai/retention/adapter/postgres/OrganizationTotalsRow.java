package ai.mai.retention.adapter.postgres;

import java.math.BigDecimal;

/**
 * One organization's expired or deleted rows, summed by the server; {@code newestProcessedAt} is
 * the largest {@code processed_at} among them (where a statement reports it).
 */
record OrganizationTotalsRow(
    String clientOrgId, long records, long tokens, BigDecimal cost, Long newestProcessedAt) {}
