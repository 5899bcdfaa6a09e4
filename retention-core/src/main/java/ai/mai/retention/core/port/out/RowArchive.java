package ai.mai.retention.core.port.out;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import java.util.List;
import java.util.Optional;

/**
 * Where runs keep the rows they delete ({@code CLEANUP_ARCHIVE}): a compressed file per run, or a
 * table in the same database. A row is never deleted before it is kept: the store's sweep hands
 * each batch's rows to the run's {@link Writer} inside the batch's transaction, before its commit.
 */
public interface RowArchive {

  ArchiveTarget target();

  /**
   * Creates what the archive needs in the database (the archive table) when it is missing; for a
   * file archive nothing. Idempotent; part of the library's migration.
   */
  default void prepare() {}

  /**
   * The SQL {@link #prepare()} would run, for a migration script; empty when it runs none.
   *
   * @throws SchemaProblemException when the statement cannot be made (the target table is missing)
   */
  default Optional<String> preparationSql() {
    return Optional.empty();
  }

  /**
   * Opens one run's archive before the run's first delete, proving that it takes rows: the
   * directory exists, is writable and has room; the table exists with the target's columns (and,
   * where the database has privileges, may be written).
   *
   * @throws ArchiveUnavailableException why not; the run then deletes nothing
   */
  Writer open(Run run);

  /**
   * The run an archive is opened for.
   *
   * @param runId the run's id, in the file's name and the archive table's rows
   * @param criteria the run's cutoffs and policy
   * @param expectedRows the rows the run's snapshot expired: what the archive must make room for
   */
  record Run(String runId, CleanupCriteria criteria, long expectedRows) {
    public Run {
      if (runId == null || criteria == null) {
        throw new IllegalArgumentException("runId and criteria are required");
      }
    }
  }

  /** Takes one row's values, as text, in the order of the columns given to the batch. */
  @FunctionalInterface
  interface RowSink {
    /** One row; null stands for SQL NULL. */
    void row(String[] values);
  }

  /**
   * One run's archive. The store's sweep uses {@link #table()} or {@link #startBatch} and {@link
   * #makeDurable()} inside each batch's transaction; the run tells it which batches committed.
   */
  interface Writer extends AutoCloseable {

    /** No archive: sweeps delete without keeping anything. */
    Writer NONE = new NoArchive();

    /** False for {@link #NONE}. */
    default boolean active() {
      return true;
    }

    /** The run whose rows this archive takes. */
    String runId();

    /**
     * The table each batch's statement moves its rows into, with {@link #runId()}, in the batch's
     * own transaction; empty when the rows come to {@link #startBatch} instead.
     */
    Optional<String> table();

    /**
     * Begins a batch's rows, inside its transaction, and returns where they go. Called at the start
     * of every attempt of a batch's transaction: what an earlier attempt of the same batch wrote is
     * discarded (an attempt is made again only after the earlier one was rolled back).
     *
     * @param columns the target table's columns, in the order the rows' values come in
     */
    RowSink startBatch(List<String> columns);

    /**
     * Inside the batch's transaction, after its rows went to the sink and before the commit:
     * returns once they are durable (written, flushed and synced).
     *
     * @throws ArchiveUnavailableException when they could not be made durable (a full disk): the
     *     caller rolls the batch back
     */
    void makeDurable();

    /** The batch whose rows were made durable committed, with {@code rows} deleted rows. */
    void batchCommitted(long rows);

    /**
     * The batch's transaction failed. Rows not yet durable are dropped; rows made durable are kept,
     * since a commit that failed may still have happened (then they are counted as unconfirmed).
     */
    void batchFailed();

    /** What the archive holds so far, with {@code batchRows} of a batch about to commit. */
    ArchiveReport progress(long batchRows);

    /**
     * Ends the run's archive (a file's manifest) for the run's final report; never throws: a
     * problem is in the returned report.
     */
    ArchiveReport finish(CleanupReport report);

    /** Releases what is still open, after {@link #finish} or instead of it. */
    @Override
    default void close() {}
  }

  /** {@link Writer#NONE}. */
  final class NoArchive implements Writer {
    private NoArchive() {}

    @Override
    public boolean active() {
      return false;
    }

    @Override
    public String runId() {
      return "";
    }

    @Override
    public Optional<String> table() {
      return Optional.empty();
    }

    @Override
    public RowSink startBatch(List<String> columns) {
      return values -> {};
    }

    @Override
    public void makeDurable() {}

    @Override
    public void batchCommitted(long rows) {}

    @Override
    public void batchFailed() {}

    @Override
    public ArchiveReport progress(long batchRows) {
      throw new IllegalStateException("no archive");
    }

    @Override
    public ArchiveReport finish(CleanupReport report) {
      throw new IllegalStateException("no archive");
    }
  }
}
