package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;

/**
 * Parameters of one index-order batch: expired rows from {@code fromProcessedAt} (inclusive, null
 * for the first batch) on, oldest first.
 */
public final class KeysetBatch extends CriteriaParameters {

  private final Long fromProcessedAt;

  KeysetBatch(CriteriaParameters sweep, int batchSize, Long fromProcessedAt) {
    super(sweep, batchSize);
    this.fromProcessedAt = fromProcessedAt;
  }

  public Long getFromProcessedAt() {
    return fromProcessedAt;
  }
}
