package ai.mai.retention.embedded;

/**
 * A setting given to {@link Retention.Builder} is invalid, or what the host hands over cannot be
 * used as it is: an unsupported database, a pool smaller than a run needs, or a connection inside a
 * transaction the host began. The message names the setting or the promise involved; nothing was
 * deleted.
 */
public class RetentionConfigurationException extends RetentionException {

  private static final long serialVersionUID = 1L;

  /**
   * A configuration problem.
   *
   * @param message the setting or promise involved and what to do
   */
  public RetentionConfigurationException(String message) {
    super(message);
  }

  /**
   * A configuration problem with the failure that revealed it.
   *
   * @param message the setting or promise involved and what to do
   * @param cause the underlying failure, kept for logs
   */
  public RetentionConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
