package ai.mai.retention.embedded;

import ai.mai.retention.core.service.FailureMessages;

/**
 * Failures as the journal writes them, for a host's logs and messages: one line, bounded in length,
 * passwords in URLs and parameters masked.
 */
public final class FailureText {

  private FailureText() {}

  /**
   * A failure and its causes on one line: {@code DatabaseUnavailableException: ... <-
   * PSQLException: Connection to db:5432 refused}.
   *
   * @param failure any exception
   * @return the line, at most 1,000 characters, credentials masked
   */
  public static String describe(Throwable failure) {
    return FailureMessages.describe(failure);
  }

  /**
   * A message made fit for a log line: whitespace collapsed, credentials masked, bounded.
   *
   * @param message any text, or null
   * @return the text as the journal would keep it; null for null
   */
  public static String sanitize(String message) {
    return FailureMessages.sanitize(message);
  }
}
