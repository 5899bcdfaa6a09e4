package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Totals per organization, sorted by organization id; the sums are derived, never stored twice. */
public record OrganizationBreakdown(Map<String, OrganizationTotals> byOrganization) {

  public static final OrganizationBreakdown EMPTY = new OrganizationBreakdown(Map.of());

  /**
   * The key for rows whose {@code client_org_id} is NULL (only where a table allows it). Not a
   * valid {@link OrganizationId}, so no policy can name it by accident.
   */
  public static final String NO_ORGANIZATION = "(none)";

  public OrganizationBreakdown {
    byOrganization = Collections.unmodifiableMap(new TreeMap<>(byOrganization));
  }

  public OrganizationBreakdown plus(OrganizationBreakdown other) {
    if (other.byOrganization.isEmpty()) {
      return this;
    }
    Map<String, OrganizationTotals> merged = new TreeMap<>(byOrganization);
    other.byOrganization.forEach(
        (org, totals) -> merged.merge(org, totals, OrganizationTotals::plus));
    return new OrganizationBreakdown(merged);
  }

  public long records() {
    return byOrganization.values().stream().mapToLong(OrganizationTotals::records).sum();
  }

  public long tokens() {
    return byOrganization.values().stream().mapToLong(OrganizationTotals::tokens).sum();
  }

  public BigDecimal cost() {
    return byOrganization.values().stream()
        .map(OrganizationTotals::cost)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  public boolean isEmpty() {
    return records() == 0;
  }

  /** Accumulates rows one at a time (e.g. from a DELETE ... RETURNING result). */
  public static final class Builder {
    private final Map<String, OrganizationTotals> totals = new TreeMap<>();

    /** One row; a null organization id counts under {@link #NO_ORGANIZATION}. */
    public Builder addRow(String organizationId, long tokens, double cost) {
      return add(organizationId, OrganizationTotals.ofRow(tokens, cost));
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
      return new OrganizationBreakdown(totals);
    }
  }

  public static Builder builder() {
    return new Builder();
  }
}
