package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.Cutoff;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameter object of every statement that selects expired rows: the table and the criteria
 * flattened into JavaBean getters, which MyBatis' OGNL expressions and {@code #{}} bindings read
 * (they do not read record accessors reliably). Statements include the one predicate with {@code
 * <include refid="ai.mai.retention.adapter.jdbc.Criteria.expiredPredicate"/>}.
 *
 * <p>Adapters that need more parameters (a batch size is here already) extend this class.
 */
public class CriteriaParameters {

  /** The fully qualified id of the shared WHERE predicate fragment. */
  public static final String PREDICATE_REFID =
      "ai.mai.retention.adapter.jdbc.Criteria.expiredPredicate";

  private final TableName table;
  private final CleanupCriteria criteria;
  private final int batchSize;
  private final List<String> excludedOrganizations;
  private final List<TenantCutoff> tenantCutoffs;

  public CriteriaParameters(TableName table, CleanupCriteria criteria) {
    this(table, criteria, 0);
  }

  /**
   * @param batchSize rows per batch for statements that bound their work; 0 when unused
   */
  public CriteriaParameters(TableName table, CleanupCriteria criteria, int batchSize) {
    if (table == null || criteria == null) {
      throw new IllegalArgumentException("table and criteria are required");
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("batch size must not be negative, got " + batchSize);
    }
    this.table = table;
    this.criteria = criteria;
    this.batchSize = batchSize;
    this.excludedOrganizations = List.copyOf(criteria.organizationsExcludedFromDefault());
    List<TenantCutoff> cutoffs = new ArrayList<>();
    for (Map.Entry<String, Cutoff> entry : criteria.tenantCutoffs().entrySet()) {
      // A held organization gets no branch, so no cutoff of its own can ever reach its rows.
      if (!criteria.legalHolds().contains(entry.getKey())) {
        cutoffs.add(new TenantCutoff(entry.getKey(), entry.getValue().epochSecond()));
      }
    }
    this.tenantCutoffs = List.copyOf(cutoffs);
  }

  /** The validated table identifier, for {@code ${table}}. */
  public String getTable() {
    return table.value();
  }

  public TableName tableName() {
    return table;
  }

  public CleanupCriteria criteria() {
    return criteria;
  }

  /**
   * True when one cutoff applies to every row (no override, no hold): the plain predicate. Derived
   * from the excluded list so that an empty {@code NOT IN ()} can never be rendered.
   */
  public boolean isUniform() {
    return excludedOrganizations.isEmpty();
  }

  /** Epoch seconds; rows of non-excluded organizations older than this are expired. */
  public long getDefaultCutoff() {
    return criteria.defaultCutoff().epochSecond();
  }

  /**
   * Epoch seconds; no row at or after it is expired under any branch. Redundant in the predicate,
   * but it lets the planner use an index range on {@code processed_at}.
   */
  public long getLatestCutoff() {
    long latest = getDefaultCutoff();
    for (TenantCutoff tenant : tenantCutoffs) {
      latest = Math.max(latest, tenant.getCutoff());
    }
    return latest;
  }

  /** Organizations with their own retention or on legal hold, sorted. */
  public List<String> getExcludedOrganizations() {
    return excludedOrganizations;
  }

  /** One branch per organization with its own retention (never for a held one), sorted. */
  public List<TenantCutoff> getTenantCutoffs() {
    return tenantCutoffs;
  }

  public int getBatchSize() {
    return batchSize;
  }

  /** True when some organization is on legal hold. */
  public boolean isAnyHeld() {
    return !criteria.legalHolds().isEmpty();
  }

  /**
   * The organizations on legal hold as one JSON array, bound as a single parameter (SQLite {@code
   * json_each}, PostgreSQL {@code jsonb_array_elements_text}): a list of any length is one value.
   */
  public String getHeldOrganizationsJson() {
    return JsonText.array(criteria.legalHolds());
  }

  /** One organization's own cutoff, as a bean for MyBatis. */
  public static final class TenantCutoff {
    private final String organization;
    private final long cutoff;

    public TenantCutoff(String organization, long cutoff) {
      this.organization = organization;
      this.cutoff = cutoff;
    }

    public String getOrganization() {
      return organization;
    }

    /** Epoch seconds. */
    public long getCutoff() {
      return cutoff;
    }
  }
}
