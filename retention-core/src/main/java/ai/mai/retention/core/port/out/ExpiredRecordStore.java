package ai.mai.retention.core.port.out;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
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
   * Starts deleting the rows {@code criteria} expire, in bounded batches, keeping each batch's rows
   * in {@code archive} before the batch commits: moved into its {@link RowArchive.Writer#table()
   * table} by the batch's statement, or handed to {@link RowArchive.Writer#startBatch} and {@link
   * RowArchive.Writer#makeDurable() made durable} inside the batch's transaction.
   *
   * @param snapshot what {@link #inspect} saw, so the adapter can choose its strategy
   * @param batchSize requested rows per batch; empty lets the adapter choose
   * @param checkpoint the run's progress, written to its in-flight marker in each batch's own
   *     transaction
   * @param archive where the rows go; {@link RowArchive.Writer#NONE} keeps nothing
   */
  Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint,
      RowArchive.Writer archive);

  /** The same, keeping nothing of the deleted rows. */
  default Sweep openSweep(
      CleanupCriteria criteria,
      TableSnapshot snapshot,
      OptionalInt batchSize,
      BatchCheckpoint checkpoint) {
    return openSweep(criteria, snapshot, batchSize, checkpoint, RowArchive.Writer.NONE);
  }

  /** A sweep outside any run (tests, tools): no marker is written. */
  default Sweep openSweep(CleanupCriteria criteria, TableSnapshot snapshot, OptionalInt batchSize) {
    return openSweep(criteria, snapshot, batchSize, BatchCheckpoint.NONE);
  }

  /**
   * What a sweep commits together with each batch: the run's progress once that batch is counted,
   * written to the run's in-flight marker ({@code retention_run}, see {@link CleanupJournal}) in
   * the batch's own transaction. The delete and the marker commit or roll back together, so a
   * process killed at any moment leaves a marker that counts exactly the rows it deleted, and the
   * audit row the next run writes from it is exact.
   *
   * <p>If the marker is gone when a batch writes it (another run took the lock over and journaled
   * this run as interrupted), the adapter rolls the batch back and fails.
   */
  @FunctionalInterface
  interface BatchCheckpoint {

    /** Writes no marker: for sweeps that belong to no journaled run. */
    BatchCheckpoint NONE = batch -> Optional.empty();

    /**
     * The run's progress as it will stand once {@code batch} commits; empty to write no marker.
     * Called inside the batch's transaction, before its commit; must not change anything itself
     * (the transaction may still roll back).
     */
    Optional<CleanupReport> progressWith(OrganizationBreakdown batch);
  }

  /** One pass over the expired rows; holds whatever cursor the adapter needs. */
  interface Sweep extends AutoCloseable {

    /**
     * Deletes the next bounded batch in its own transaction, together with the run's checkpoint,
     * and returns exactly what that transaction deleted (possibly nothing, when a batch's range
     * held no expired row).
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
