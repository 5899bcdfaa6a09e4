package ai.mai.retention.embedded;

/**
 * The database is not one the library may work on as it is: the target table is missing or
 * misshapen (it is never created: it belongs to mAI), or the session's role lacks a grant an
 * operation needs (the message names the table and the privilege). Nothing was deleted.
 */
public class RetentionSchemaException extends RetentionException {

  private static final long serialVersionUID = 1L;

  /**
   * A schema problem.
   *
   * @param message the table, column or grant involved and what to do
   */
  public RetentionSchemaException(String message) {
    super(message);
  }

  /**
   * A schema problem with the failure that revealed it.
   *
   * @param message the table, column or grant involved and what to do
   * @param cause the underlying failure, kept for logs
   */
  public RetentionSchemaException(String message, Throwable cause) {
    super(message, cause);
  }
}
