package ai.mai.retention.core.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How long rows are kept: a default number of days, per-organization overrides, and organizations
 * on legal hold whose rows are never deleted.
 */
public record RetentionPolicy(
    int defaultDays, Map<OrganizationId, Integer> tenantDays, Set<OrganizationId> legalHolds) {

  public static final int MIN_DAYS = 1;

  /** One hundred years: anything larger is a typo, and would overflow nothing but intent. */
  public static final int MAX_DAYS = 36_500;

  public static final int DEFAULT_DAYS = 90;

  public RetentionPolicy {
    requireDays("retention days", defaultDays);
    tenantDays =
        Collections.unmodifiableMap(
            tenantDays == null ? new TreeMap<>() : new TreeMap<>(tenantDays));
    legalHolds =
        Collections.unmodifiableSet(
            legalHolds == null ? new TreeSet<>() : new TreeSet<>(legalHolds));
    tenantDays.forEach((org, days) -> requireDays("retention days for organization " + org, days));
    for (OrganizationId held : legalHolds) {
      if (tenantDays.containsKey(held)) {
        throw new InvalidPolicyException(
            "organization "
                + held
                + " is both on legal hold and has a retention override; choose one");
      }
    }
  }

  public static RetentionPolicy ofDays(int days) {
    return new RetentionPolicy(days, Map.of(), Set.of());
  }

  public RetentionPolicy withTenantDays(Map<OrganizationId, Integer> overrides) {
    return new RetentionPolicy(defaultDays, overrides, legalHolds);
  }

  public RetentionPolicy withLegalHolds(Set<OrganizationId> holds) {
    return new RetentionPolicy(defaultDays, tenantDays, holds);
  }

  /** The concrete cutoffs of this policy at {@code now}. */
  public CleanupCriteria criteriaAt(Instant now) {
    Map<String, Integer> days = new TreeMap<>();
    tenantDays.forEach((org, d) -> days.put(org.value(), d));
    Set<String> holds = new TreeSet<>();
    legalHolds.forEach(org -> holds.add(org.value()));
    return new CleanupCriteria(now, defaultDays, days, holds);
  }

  private static void requireDays(String what, Integer days) {
    if (days == null || days < MIN_DAYS || days > MAX_DAYS) {
      throw new InvalidPolicyException(
          what + " must be between " + MIN_DAYS + " and " + MAX_DAYS + ", got " + days);
    }
  }
}
