package ai.mai.retention.core.contract;

import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import java.util.List;

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

  /** Ids still in {@code processed_generations}, sorted. */
  List<String> remainingIds();

  /** Rows in {@code processed_generation_cleanup_log}. */
  long auditRowCount();

  /** Runs one SQL query returning a single number (the operators' health queries, say). */
  long queryForLong(String sql);

  @Override
  void close();
}
