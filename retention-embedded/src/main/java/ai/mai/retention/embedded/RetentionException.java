package ai.mai.retention.embedded;

/**
 * The one root of everything {@link Retention} throws. Unchecked; the message says what is wrong
 * and what to do. The cause, when there is one, is kept for the host's logs only: a host never
 * needs to catch a MyBatis, Flyway or JDBC driver type.
 *
 * <p>Subtypes: {@link RetentionConfigurationException} (the settings or what the host hands over),
 * {@link RetentionSchemaException} (the database's tables or grants, with {@link
 * SchemaNotMigratedException} when {@link Retention#migrate()} is what is missing), and {@link
 * DatabaseUnavailableException} (no connection to be had).
 */
public class RetentionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * An exception with a message for the host.
   *
   * @param message what is wrong and what to do
   */
  public RetentionException(String message) {
    super(message);
  }

  /**
   * An exception with a message for the host and the failure behind it.
   *
   * @param message what is wrong and what to do
   * @param cause the underlying failure, kept for logs
   */
  public RetentionException(String message, Throwable cause) {
    super(message, cause);
  }
}
