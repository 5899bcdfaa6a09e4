package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.CriteriaParameters;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.CleanupCriteria;

/**
 * Parameters of one index-order batch: expired rows from {@code fromProcessedAt} (inclusive, null
 * for the first batch) on, oldest first.
 */
public final class KeysetBatch extends CriteriaParameters {

  private final Long fromProcessedAt;

  KeysetBatch(TableName table, CleanupCriteria criteria, int batchSize, Long fromProcessedAt) {
    super(table, criteria, batchSize);
    this.fromProcessedAt = fromProcessedAt;
  }

  public Long getFromProcessedAt() {
    return fromProcessedAt;
  }
}
