package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Totals per organization, sorted by organization id; the sums are derived, never stored twice. */
public record OrganizationBreakdown(Map<String, OrganizationTotals> byOrganization) {

  public static final OrganizationBreakdown EMPTY = new OrganizationBreakdown(Map.of());

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

    public Builder addRow(String organizationId, long tokens, double cost) {
      totals.merge(
          organizationId, OrganizationTotals.ofRow(tokens, cost), OrganizationTotals::plus);
      return this;
    }

    public Builder add(String organizationId, OrganizationTotals organizationTotals) {
      totals.merge(organizationId, organizationTotals, OrganizationTotals::plus);
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
