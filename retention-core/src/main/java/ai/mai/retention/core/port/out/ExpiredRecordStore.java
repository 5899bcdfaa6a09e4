package ai.mai.retention.core.port.out;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.TableSnapshot;
import java.util.Optional;
import java.util.OptionalInt;

/** The table of billed generations, seen as rows that expire. */
public interface ExpiredRecordStore {

  /** Counts all rows and the rows {@code criteria} expire, per organization. Changes nothing. */
  TableSnapshot inspect(CleanupCriteria criteria);

  /** Counts all rows now. */
  long countRecords();

  /**
   * Starts deleting the rows {@code criteria} expire, in bounded batches.
   *
   * @param snapshot what {@link #inspect} saw, so the adapter can choose its strategy
   * @param batchSize requested rows per batch; empty lets the adapter choose
   */
  Sweep openSweep(CleanupCriteria criteria, TableSnapshot snapshot, OptionalInt batchSize);

  /** One pass over the expired rows; holds whatever cursor the adapter needs. */
  interface Sweep extends AutoCloseable {

    /**
     * Deletes the next bounded batch in its own transaction and returns exactly what that
     * transaction deleted (possibly nothing, when a batch's range held no expired row).
     *
     * @return the deleted rows per organization; empty once the sweep is done
     */
    Optional<OrganizationBreakdown> deleteNextBatch();

    /** The batch size in force. */
    int batchSize();

    @Override
    default void close() {}
  }
}
