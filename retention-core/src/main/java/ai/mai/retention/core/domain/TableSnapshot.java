package ai.mai.retention.core.domain;

import java.util.OptionalLong;

/**
 * What the store saw before a run: all rows, the rows the criteria expire (per organization), and
 * the newest {@code processed_at} (to catch milliseconds stored where seconds belong).
 */
public record TableSnapshot(
    long totalRecords, OrganizationBreakdown expired, OptionalLong newestProcessedAt) {

  public TableSnapshot {
    if (totalRecords < 0) {
      throw new IllegalArgumentException("totalRecords must not be negative");
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

  /** Share of the table that would go, 0 for an empty table. */
  public double expiredFraction() {
    return totalRecords == 0 ? 0.0 : (double) expired.records() / totalRecords;
  }
}
