package ai.mai.retention.embedded;

/**
 * The library's own tables are missing or behind this version: call {@link Retention#migrate()}
 * once (as a role allowed to create tables), or have a DBA apply {@link
 * Retention#migrationScript()}. Thrown before anything is deleted.
 */
public class SchemaNotMigratedException extends RetentionSchemaException {

  private static final long serialVersionUID = 1L;

  /**
   * The tables need migrating.
   *
   * @param message what is missing, naming {@code migrate()}
   * @param cause the underlying failure, kept for logs; may be null
   */
  public SchemaNotMigratedException(String message, Throwable cause) {
    super(message, cause);
  }
}
