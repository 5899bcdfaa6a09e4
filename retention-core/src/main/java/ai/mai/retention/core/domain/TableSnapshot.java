package ai.mai.retention.core.domain;

import java.util.OptionalLong;

/**
 * What the store saw before a run: all rows, the rows of organizations on legal hold, the rows the
 * criteria expire (per organization), and the newest {@code processed_at} (to catch milliseconds
 * stored where seconds belong, and a clock that jumped ahead of the data).
 *
 * @param totalRecords every row of the table
 * @param heldRecords rows of organizations on legal hold: no policy can delete them
 * @param expired the rows the criteria expire, per organization
 * @param newestProcessedAt the largest {@code processed_at}; empty for an empty table
 */
public record TableSnapshot(
    long totalRecords,
    long heldRecords,
    OrganizationBreakdown expired,
    OptionalLong newestProcessedAt) {

  public TableSnapshot {
    if (totalRecords < 0) {
      throw new IllegalArgumentException("totalRecords must not be negative");
    }
    if (heldRecords < 0 || heldRecords > totalRecords) {
      throw new IllegalArgumentException(
          "heldRecords must be between 0 and totalRecords ("
              + totalRecords
              + "), got "
              + heldRecords);
    }
    if (expired == null) {
      throw new IllegalArgumentException("expired is required");
    }
    if (newestProcessedAt == null) {
      newestProcessedAt = OptionalLong.empty();
    }
  }

  public long expiredRecords() {
    return expired.records();
  }

  /** The rows a policy could delete at all: every row not on legal hold. */
  public long deletableRecords() {
    return totalRecords - heldRecords;
  }

  /** Share of the table that would go, 0 for an empty table. */
  public double expiredFraction() {
    return totalRecords == 0 ? 0.0 : (double) expired.records() / totalRecords;
  }
}
