package ai.mai.retention.core.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A retention policy resolved at one instant: what every delete statement must apply. Organizations
 * with an override use their own cutoff; organizations on hold are never touched; every other
 * organization uses the default cutoff.
 *
 * @param evaluatedAt the "now" the cutoffs are computed from
 * @param defaultDays retention for organizations without an override
 * @param tenantDays organization id to its own retention in days
 * @param legalHolds organization ids whose rows are never deleted
 */
public record CleanupCriteria(
    Instant evaluatedAt, int defaultDays, Map<String, Integer> tenantDays, Set<String> legalHolds) {

  public CleanupCriteria {
    if (evaluatedAt == null) {
      throw new IllegalArgumentException("evaluatedAt is required");
    }
    tenantDays =
        Collections.unmodifiableMap(new TreeMap<>(tenantDays == null ? Map.of() : tenantDays));
    legalHolds =
        Collections.unmodifiableSet(new TreeSet<>(legalHolds == null ? Set.of() : legalHolds));
  }

  /** One retention for everyone. */
  public static CleanupCriteria uniform(Instant now, int days) {
    return new CleanupCriteria(now, days, Map.of(), Set.of());
  }

  public Cutoff defaultCutoff() {
    return Cutoff.daysBefore(evaluatedAt, defaultDays);
  }

  /** Organization id to its own cutoff, for organizations with an override. */
  public Map<String, Cutoff> tenantCutoffs() {
    Map<String, Cutoff> cutoffs = new TreeMap<>();
    tenantDays.forEach((org, days) -> cutoffs.put(org, Cutoff.daysBefore(evaluatedAt, days)));
    return cutoffs;
  }

  /** An organization's cutoff; a row without organization (NULL) has the default. */
  public Cutoff cutoffFor(String organizationId) {
    Integer days = organizationId == null ? null : tenantDays.get(organizationId);
    return days == null ? defaultCutoff() : Cutoff.daysBefore(evaluatedAt, days);
  }

  /**
   * The ground-truth predicate every adapter's SQL must agree with. A row without organization
   * (NULL, where the table allows it) can be neither overridden nor held: the default applies.
   */
  public boolean isExpired(String organizationId, long processedAt) {
    boolean held = organizationId != null && legalHolds.contains(organizationId);
    return !held && cutoffFor(organizationId).expires(processedAt);
  }

  /** Organizations that do not use the default cutoff (overridden or held). */
  public Set<String> organizationsExcludedFromDefault() {
    Set<String> excluded = new TreeSet<>(tenantDays.keySet());
    excluded.addAll(legalHolds);
    return excluded;
  }

  /** True when one cutoff applies to every row: the plain, fastest predicate. */
  public boolean isUniform() {
    return tenantDays.isEmpty() && legalHolds.isEmpty();
  }

  /** The latest cutoff in force: no row at or after it can be expired. */
  public Cutoff latestCutoff() {
    int shortest =
        tenantDays.values().stream().mapToInt(Integer::intValue).min().orElse(defaultDays);
    return Cutoff.daysBefore(evaluatedAt, Math.min(shortest, defaultDays));
  }

  /** Compact text form for the journal, e.g. {@code default=90;org-a=180;hold=org-c,org-d}. */
  public String describe() {
    StringBuilder text = new StringBuilder("default=").append(defaultDays);
    tenantDays.forEach((org, days) -> text.append(';').append(org).append('=').append(days));
    if (!legalHolds.isEmpty()) {
      text.append(";hold=").append(String.join(",", legalHolds));
    }
    return text.toString();
  }
}
