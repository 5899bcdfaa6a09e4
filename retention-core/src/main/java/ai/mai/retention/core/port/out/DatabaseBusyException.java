package ai.mai.retention.core.port.out;

/**
 * Another connection kept the database locked for longer than the lock wait (SQLite's busy timeout,
 * PostgreSQL's {@code lock_timeout}). A failed run, journaled where possible, that the next run may
 * well get through: never a configuration problem. An {@link IllegalStateException}, so a caller
 * that maps {@link IllegalArgumentException} and {@link SchemaProblemException} to "bad
 * configuration" does not mistake it for one.
 */
public class DatabaseBusyException extends IllegalStateException {
  public DatabaseBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}
