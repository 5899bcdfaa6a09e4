package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.core.contract.CleanupJournalContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteCleanupJournalTest extends CleanupJournalContract {

  @TempDir Path directory;

  @Override
  protected RetentionTestDatabase openDatabase() {
    return SqliteTestDatabase.create(directory);
  }

  /** The operators' query from the Python service's deployment guide, unchanged. */
  @Override
  protected String successesInLastWeekQuery() {
    return "SELECT COUNT(*) FROM processed_generation_cleanup_log"
        + " WHERE cleanup_date >= date('now','-7 days') AND success = 1;";
  }

  @Override
  protected String failuresInLastWeekQuery() {
    return "SELECT COUNT(*), GROUP_CONCAT(error_message) FROM processed_generation_cleanup_log"
        + " WHERE cleanup_date >= date('now','-7 days') AND success = 0;";
  }
}
