package ai.mai.retention.embedded;

/**
 * No connection could be had from the host's {@code DataSource} (the database is down, the
 * credentials are wrong, or the pool had no free connection within its timeout), or the database
 * failed a statement for a reason outside the library's tables. When it comes from a run, it was
 * thrown before anything was deleted; try again later.
 */
public class DatabaseUnavailableException extends RetentionException {

  private static final long serialVersionUID = 1L;

  /**
   * The database could not be used.
   *
   * @param message what could not be done, the driver's reason, and what to check
   * @param cause the underlying failure, kept for logs
   */
  public DatabaseUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
