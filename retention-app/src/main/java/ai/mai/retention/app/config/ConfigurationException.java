package ai.mai.retention.app.config;

/** Bad usage or configuration: exit code 2, nothing touched; the message names the setting. */
public class ConfigurationException extends RuntimeException {
  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
