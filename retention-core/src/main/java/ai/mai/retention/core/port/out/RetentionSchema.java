package ai.mai.retention.core.port.out;

/** The library's tables in one database: migrations and the checks that guard them. */
public interface RetentionSchema {

  /**
   * Creates or upgrades the library's own tables, adopting an existing audit table and its rows.
   * Idempotent.
   *
   * @return number of migrations applied now (0 when already up to date)
   * @throws SchemaProblemException when the target table is missing or misshapen
   */
  int migrate();

  /**
   * Checks that the target table exists with the required columns and the library's tables are up
   * to date, changing nothing.
   *
   * @throws SchemaProblemException naming what is wrong
   */
  void verify();

  /**
   * Checks only that the target table exists with the required columns, changing nothing: enough
   * for a dry run, which must work before the library's own tables are migrated.
   *
   * @throws SchemaProblemException naming what is wrong
   */
  default void verifyTargetTable() {
    verify();
  }

  /**
   * Checks only that the audit table exists, changing nothing: what reading the history needs (a
   * database the Python service left unmigrated has it; a database without it was never set up, or
   * lost it).
   *
   * @throws SchemaProblemException naming the missing table
   */
  default void verifyJournal() {
    verify();
  }
}
