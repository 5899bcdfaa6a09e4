package ai.mai.retention.core.port.out;

/**
 * The database is not one this library may clean: a missing or misshapen table, or tables that need
 * migrating first. A configuration problem (exit 2), never a reason to create the table.
 */
public class SchemaProblemException extends RuntimeException {
  public SchemaProblemException(String message) {
    super(message);
  }

  public SchemaProblemException(String message, Throwable cause) {
    super(message, cause);
  }
}
