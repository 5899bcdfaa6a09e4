package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.ExactCost;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.OrganizationTotals;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums rows per organization on a hot path (a million rows of {@code DELETE ... RETURNING}):
 * mutable counters and one {@link ExactCost.Sum} per organization, turned into an immutable {@link
 * OrganizationBreakdown} once. Each row counts as {@link OrganizationTotals} defines it, as {@link
 * OrganizationBreakdown.Builder#addRow} does, so the sums are the same: a row whose cost is not a
 * finite number or whose tokens are not a whole number from 0 up is counted but kept out of the
 * sums, and so is a row that would carry its organization's token sum past {@link Long#MAX_VALUE}.
 */
public final class BreakdownTally {

  private static final class Totals {
    long records;
    long tokens;
    long notSummed;
    final ExactCost.Sum cost = new ExactCost.Sum();
  }

  private final Map<String, Totals> byOrganization = new HashMap<>();
  private final List<String> examples = new ArrayList<>();
  private long records;

  /** One row whose tokens are a whole number; its id is kept as an example if it is not summed. */
  public void addRow(String id, String organizationId, long tokens, double cost) {
    Totals totals = byOrganization.computeIfAbsent(organizationId, org -> new Totals());
    totals.records++;
    records++;
    if (OrganizationTotals.isSummable(tokens, cost)) {
      long sum = totals.tokens + tokens;
      if (sum >= 0) {
        totals.tokens = sum;
        totals.cost.add(cost);
        return;
      }
      // Both are non-negative, so a negative sum is an overflow.
    }
    notSummed(totals, id);
  }

  /** One row; no id to name if it is not summed. */
  public void addRow(String organizationId, long tokens, double cost) {
    addRow(null, organizationId, tokens, cost);
  }

  /** One row whose tokens are no whole number (text, a float): counted, kept out of the sums. */
  public void addNotSummed(String id, String organizationId) {
    Totals totals = byOrganization.computeIfAbsent(organizationId, org -> new Totals());
    totals.records++;
    records++;
    notSummed(totals, id);
  }

  private void notSummed(Totals totals, String id) {
    totals.notSummed++;
    if (id != null && examples.size() < OrganizationBreakdown.MAX_EXAMPLES) {
      examples.add(id);
    }
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
                org,
                new OrganizationTotals(
                    totals.records, totals.tokens, totals.cost.total(), totals.notSummed)));
    examples.forEach(builder::example);
    return builder.build();
  }
}
