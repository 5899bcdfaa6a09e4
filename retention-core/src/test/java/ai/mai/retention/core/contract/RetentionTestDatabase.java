package ai.mai.retention.core.contract;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * A fresh, migrated database with a {@code processed_generations} table shaped as mAI has it, and
 * the adapter's ports over it. Each adapter's tests provide one per test.
 */
public interface RetentionTestDatabase extends AutoCloseable {

  ExpiredRecordStore store();

  CleanupJournal journal();

  CleanupLock lock();

  RetentionSchema schema();

  /** The lock as a second process would see it: its own connections to the same database. */
  CleanupLock lockOfAnotherProcess();

  void insert(List<GenerationRow> rows);

  /**
   * Rebuilds {@code processed_generations} (empty) with a nullable {@code client_org_id}, as a
   * table configured through {@code RETENTION_TABLE} but not made by the Python service may have.
   */
  void allowNullOrganizations();

  /** Ids still in {@code processed_generations}, sorted. */
  List<String> remainingIds();

  /**
   * Empties {@code processed_generations}, so that one database can serve many generated cases. The
   * default sweeps with the adapter's own store under a cutoff far in the future (every row
   * expired), then checks that nothing is left; it journals nothing.
   */
  default void deleteAllRows() {
    CleanupCriteria everything = CleanupCriteria.uniform(Instant.ofEpochSecond(1L << 50), 1);
    TableSnapshot snapshot = store().inspect(everything);
    try (ExpiredRecordStore.Sweep sweep =
        store().openSweep(everything, snapshot, OptionalInt.empty())) {
      while (sweep.deleteNextBatch().isPresent()) {
        // Each batch commits on its own; keep going until the sweep says it is done.
      }
    }
    List<String> left = remainingIds();
    if (!left.isEmpty()) {
      throw new IllegalStateException(
          left.size() + " rows survived deleteAllRows, e.g. " + left.get(0));
    }
  }

  /**
   * Makes {@code processed_generation_cleanup_log} refuse every new row, as an operator's change to
   * it could (a {@code NOT NULL} column without default, a trigger that aborts inserts).
   */
  void refuseAuditRows();

  /** Undoes {@link #refuseAuditRows}. */
  void acceptAuditRows();

  /**
   * Values this database can hold in {@code processed_generations} that are no finite cost or no
   * whole token count, as SQL literals {@code {total_cost, total_tokens}}: rows a run must delete
   * but keep out of its sums.
   */
  List<String[]> unsummableValues();

  /** Lets {@code total_tokens} hold any 64-bit count, as a configured table's BIGINT may. */
  void allowHugeTokenCounts();

  /** Runs statements as they are (DDL, fixture rows). */
  void run(String... statements);

  /** Rows in {@code processed_generation_cleanup_log}. */
  long auditRowCount();

  /** Runs one SQL query returning a single number (the operators' health queries, say). */
  long queryForLong(String sql);

  @Override
  void close();
}
