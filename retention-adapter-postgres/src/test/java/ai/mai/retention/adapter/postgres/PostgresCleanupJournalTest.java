package ai.mai.retention.adapter.postgres;

import ai.mai.retention.core.contract.CleanupJournalContract;
import ai.mai.retention.core.contract.RetentionTestDatabase;

/**
 * The journal contract with the session in yet another zone than the server (America/Los_Angeles)
 * and the JVM (Pacific/Kiritimati): audit dates are UTC dates whatever the zones.
 */
class PostgresCleanupJournalTest extends CleanupJournalContract {

  static final String SESSION_TIME_ZONE = "Asia/Kathmandu";

  @Override
  protected RetentionTestDatabase openDatabase() {
    return PostgresTestDatabase.create(PostgresSettings.defaults(), SESSION_TIME_ZONE);
  }

  /** The operators' success query, in its PostgreSQL form. */
  @Override
  protected String successesInLastWeekQuery() {
    return "SELECT COUNT(*) FROM processed_generation_cleanup_log"
        + " WHERE cleanup_date >= current_date - 7 AND success";
  }

  @Override
  protected String failuresInLastWeekQuery() {
    return "SELECT COUNT(*), string_agg(error_message, ',') FROM processed_generation_cleanup_log"
        + " WHERE cleanup_date >= current_date - 7 AND NOT success";
  }
}
