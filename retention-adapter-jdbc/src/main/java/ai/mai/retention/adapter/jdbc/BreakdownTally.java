package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ExactCost;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import java.util.HashMap;
import java.util.Map;

/**
 * Sums rows per organization on a hot path (a million rows of {@code DELETE ... RETURNING}):
 * mutable counters and one {@link ExactCost.Sum} per organization, turned into an immutable {@link
 * OrganizationBreakdown} once. Each cost counts as {@link ExactCost} defines it, as {@link
 * OrganizationBreakdown.Builder#addRow} does, so the sums are the same.
 */
public final class BreakdownTally {

  private static final class Totals {
    long records;
    long tokens;
    final ExactCost.Sum cost = new ExactCost.Sum();
  }

  private final Map<String, Totals> byOrganization = new HashMap<>();
  private long records;

  public void addRow(String organizationId, long tokens, double cost) {
    Totals totals = byOrganization.computeIfAbsent(organizationId, org -> new Totals());
    totals.records++;
    totals.tokens += tokens;
    totals.cost.add(cost);
    records++;
  }

  /** Rows added so far. */
  public long records() {
    return records;
  }

  public OrganizationBreakdown toBreakdown() {
    OrganizationBreakdown.Builder builder = OrganizationBreakdown.builder();
    byOrganization.forEach(
        (org, totals) ->
            builder.add(
                org, new OrganizationTotals(totals.records, totals.tokens, totals.cost.total())));
    return builder.build();
  }
}
