package ai.mai.retention.app.wiring;

/** What a command may do to the database. */
public enum Access {
  /** Migrations, cleanups, the journal, the lock. */
  READ_WRITE,
  /**
   * Health, history and dry runs: connections that cannot write (SQLite opened read-only,
   * PostgreSQL sessions in read-only transactions) and a read-only front door, so that they work on
   * a read-only file or mount and with a SELECT-only user, and change nothing, not even SQLite's
   * journal mode.
   */
  READ_ONLY
}
