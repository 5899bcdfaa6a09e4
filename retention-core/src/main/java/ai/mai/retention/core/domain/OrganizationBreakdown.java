package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Totals per organization, sorted by organization id; the sums are derived, never stored twice.
 *
 * @param byOrganization the totals of each organization
 * @param notSummedExamples ids of a few rows outside the sums (see {@link OrganizationTotals}), for
 *     the log; a sample, so it takes no part in equality
 */
public record OrganizationBreakdown(
    Map<String, OrganizationTotals> byOrganization, List<String> notSummedExamples) {

  public static final OrganizationBreakdown EMPTY = new OrganizationBreakdown(Map.of());

  /** How many row ids a breakdown keeps as examples of rows outside the sums. */
  public static final int MAX_EXAMPLES = 5;

  /**
   * The key for rows whose {@code client_org_id} is NULL (only where a table allows it). Not a
   * valid {@link OrganizationId}, so no policy can name it by accident.
   */
  public static final String NO_ORGANIZATION = "(none)";

  public OrganizationBreakdown {
    byOrganization = Collections.unmodifiableMap(new TreeMap<>(byOrganization));
    notSummedExamples =
        notSummedExamples == null
            ? List.of()
            : List.copyOf(
                notSummedExamples.subList(0, Math.min(MAX_EXAMPLES, notSummedExamples.size())));
  }

  public OrganizationBreakdown(Map<String, OrganizationTotals> byOrganization) {
    this(byOrganization, List.of());
  }

  public OrganizationBreakdown plus(OrganizationBreakdown other) {
    if (other.byOrganization.isEmpty()) {
      return this;
    }
    Map<String, OrganizationTotals> merged = new TreeMap<>(byOrganization);
    other.byOrganization.forEach(
        (org, totals) -> merged.merge(org, totals, OrganizationTotals::plus));
    List<String> examples = new ArrayList<>(notSummedExamples);
    examples.addAll(other.notSummedExamples);
    return new OrganizationBreakdown(merged, examples);
  }

  /** Every organization's totals added up, by the same never-overflowing rule. */
  public OrganizationTotals total() {
    OrganizationTotals total = OrganizationTotals.ZERO;
    for (OrganizationTotals totals : byOrganization.values()) {
      total = total.plus(totals);
    }
    return total;
  }

  public long records() {
    return byOrganization.values().stream().mapToLong(OrganizationTotals::records).sum();
  }

  /** Tokens of the summed rows; see {@link #notSummed()}. */
  public long tokens() {
    return total().tokens();
  }

  /** Cost of the summed rows; see {@link #notSummed()}. */
  public BigDecimal cost() {
    return total().cost();
  }

  /** Rows counted in {@link #records()} whose tokens and cost are not in the sums. */
  public long notSummed() {
    return total().notSummed();
  }

  /** Equality of the totals; the examples are a sample and take no part in it. */
  @Override
  public boolean equals(Object other) {
    return other instanceof OrganizationBreakdown breakdown
        && byOrganization.equals(breakdown.byOrganization);
  }

  @Override
  public int hashCode() {
    return byOrganization.hashCode();
  }

  public boolean isEmpty() {
    return records() == 0;
  }

  /** Accumulates rows one at a time (e.g. from a DELETE ... RETURNING result). */
  public static final class Builder {
    private final Map<String, OrganizationTotals> totals = new TreeMap<>();
    private final List<String> examples = new ArrayList<>();

    /** One row; a null organization id counts under {@link #NO_ORGANIZATION}. */
    public Builder addRow(String organizationId, long tokens, double cost) {
      return add(organizationId, OrganizationTotals.ofRow(tokens, cost));
    }

    /** One row, with its id kept as an example if its values stay out of the sums. */
    public Builder addRow(String id, String organizationId, long tokens, double cost) {
      if (!OrganizationTotals.isSummable(tokens, cost)) {
        example(id);
      }
      return addRow(organizationId, tokens, cost);
    }

    /** One row whose values are outside the sums (tokens that are not a whole number, say). */
    public Builder addNotSummed(String id, String organizationId) {
      example(id);
      return add(organizationId, OrganizationTotals.NOT_SUMMED_ROW);
    }

    /** Keeps the id of a row outside the sums, up to {@link #MAX_EXAMPLES}. */
    public Builder example(String id) {
      if (id != null && examples.size() < MAX_EXAMPLES) {
        examples.add(id);
      }
      return this;
    }

    /** One organization's totals; a null organization id counts under {@link #NO_ORGANIZATION}. */
    public Builder add(String organizationId, OrganizationTotals organizationTotals) {
      totals.merge(
          organizationId == null ? NO_ORGANIZATION : organizationId,
          organizationTotals,
          OrganizationTotals::plus);
      return this;
    }

    public OrganizationBreakdown build() {
      return new OrganizationBreakdown(totals, examples);
    }
  }

  public static Builder builder() {
    return new Builder();
  }
}
