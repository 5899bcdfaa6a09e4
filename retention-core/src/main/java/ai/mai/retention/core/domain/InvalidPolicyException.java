package ai.mai.retention.core.domain;

/** A retention policy or one of its parts is malformed; the message names the bad value. */
public class InvalidPolicyException extends IllegalArgumentException {
  public InvalidPolicyException(String message) {
    super(message);
  }
}
