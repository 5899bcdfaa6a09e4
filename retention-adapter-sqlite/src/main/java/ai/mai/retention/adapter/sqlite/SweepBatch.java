package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;

/**
 * Parameters of one delete batch: the criteria, the batch size and the sweep's cursor (the last
 * deleted row's {@code processed_at} and {@code rowid}; null before the first batch).
 */
public final class SweepBatch extends CriteriaParameters {

  private final boolean orderedByProcessedAt;
  private final Long fromProcessedAt;
  private final Long fromRowid;

  SweepBatch(
      CriteriaParameters sweep,
      int batchSize,
      boolean orderedByProcessedAt,
      Long fromProcessedAt,
      Long fromRowid) {
    super(sweep, batchSize);
    this.orderedByProcessedAt = orderedByProcessedAt;
    this.fromProcessedAt = fromProcessedAt;
    this.fromRowid = fromRowid;
  }

  /** Walk the {@code processed_at} index (true) or the table in rowid order (false). */
  public boolean isOrderedByProcessedAt() {
    return orderedByProcessedAt;
  }

  public Long getFromProcessedAt() {
    return fromProcessedAt;
  }

  public Long getFromRowid() {
    return fromRowid;
  }
}
