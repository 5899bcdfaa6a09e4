package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.domain.CleanupCriteria;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameter object of every statement that selects expired rows: the table and the criteria
 * flattened into JavaBean getters, which MyBatis' OGNL expressions and {@code #{}} bindings read
 * (they do not read record accessors reliably). Statements include the one predicate with {@code
 * <include refid="ai.mai.retention.adapter.jdbc.Criteria.expiredPredicate"/>}.
 *
 * <p>However many organizations a policy names, it reaches the database as one bound value: {@link
 * #getPolicyJson()}, a JSON object from organization to cutoff. One {@code OR} branch per
 * organization made SQLite fail at 495 overrides ("Expression tree is too large") and PostgreSQL
 * plan for minutes; a list of bound ids would pass PostgreSQL's 32,767 parameters at 10,000 holds
 * and 10,000 overrides, the predicate being bound twice in some statements.
 *
 * <p>Adapters that need more parameters (a batch size is here already) extend this class.
 */
public class CriteriaParameters {

  /** The fully qualified id of the shared WHERE predicate fragment. */
  public static final String PREDICATE_REFID =
      "ai.mai.retention.adapter.jdbc.Criteria.expiredPredicate";

  /**
   * The cutoff of an organization on legal hold: no {@code processed_at} is below it, so no row of
   * it is ever expired, whatever else the predicate says.
   */
  public static final long HELD = Long.MIN_VALUE;

  private final TableName table;
  private final CleanupCriteria criteria;
  private final int batchSize;
  private final Map<String, Long> organizationCutoffs;
  private final long latestCutoff;
  private String policyJson;
  private ArchiveStatement archive;

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
    Map<String, Long> cutoffs = new TreeMap<>();
    criteria.tenantCutoffs().forEach((org, cutoff) -> cutoffs.put(org, cutoff.epochSecond()));
    // A hold wins over an override of the same organization, so no cutoff can ever reach its rows.
    criteria.legalHolds().forEach(org -> cutoffs.put(org, HELD));
    this.organizationCutoffs = Collections.unmodifiableMap(cutoffs);
    long latest = criteria.defaultCutoff().epochSecond();
    for (long cutoff : cutoffs.values()) {
      latest = Math.max(latest, cutoff);
    }
    this.latestCutoff = latest;
  }

  /**
   * One batch's parameters over its sweep's: the policy is flattened, and its JSON written, once
   * per sweep rather than once per batch (a policy may name 20,000 organizations); the sweep's
   * archive statement comes along.
   *
   * @param batchSize rows per batch for statements that bound their work; 0 when unused
   */
  protected CriteriaParameters(CriteriaParameters sweep, int batchSize) {
    if (batchSize < 0) {
      throw new IllegalArgumentException("batch size must not be negative, got " + batchSize);
    }
    this.table = sweep.table;
    this.criteria = sweep.criteria;
    this.batchSize = batchSize;
    this.organizationCutoffs = sweep.organizationCutoffs;
    this.latestCutoff = sweep.latestCutoff;
    this.policyJson = sweep.getPolicyJson();
    this.archive = sweep.archive;
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

  /** True when one cutoff applies to every row (no override, no hold): the plain predicate. */
  public boolean isUniform() {
    return organizationCutoffs.isEmpty();
  }

  /** Epoch seconds; rows of organizations the policy does not name older than this are expired. */
  public long getDefaultCutoff() {
    return criteria.defaultCutoff().epochSecond();
  }

  /**
   * Epoch seconds; no row at or after it is expired under any cutoff. Redundant in the predicate,
   * but it lets the planner use an index range on {@code processed_at}.
   */
  public long getLatestCutoff() {
    return latestCutoff;
  }

  /**
   * Every organization the policy names, to its cutoff in epoch seconds ({@link #HELD} for a hold),
   * as one JSON object, e.g. {@code {"org-a":1764547200,"org-c":-9223372036854775808}}; bound as a
   * single parameter. Organizations it does not name take {@link #getDefaultCutoff()}.
   */
  public String getPolicyJson() {
    if (policyJson == null) {
      policyJson = JsonText.object(organizationCutoffs);
    }
    return policyJson;
  }

  /** Organization id to cutoff, as in {@link #getPolicyJson()}. */
  public Map<String, Long> organizationCutoffs() {
    return organizationCutoffs;
  }

  /** How the statement keeps the rows it deletes; null when there is no archive. */
  public ArchiveStatement getArchive() {
    return archive;
  }

  /** Sets {@link #getArchive()}, once per sweep (its batches' parameters copy it); returns this. */
  public CriteriaParameters withArchive(ArchiveStatement statement) {
    this.archive = statement;
    return this;
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
}
