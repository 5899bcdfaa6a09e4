package ai.mai.retention.embedded;

import java.util.Optional;

/**
 * A setting given to {@link Retention.Builder} is invalid, or what the host hands over cannot be
 * used as it is: an unsupported database, a pool smaller than a run needs, or a connection inside a
 * transaction the host began. The message names the setting or the promise involved; nothing was
 * deleted.
 *
 * <p>When one builder setting (or two that contradict each other) is at fault, {@link #setting()}
 * names it as the builder does ({@code retentionDays}, {@code tenantRetention/legalHolds}) and
 * {@link #problem()} says what is wrong with it, so that a host that reads its settings from
 * elsewhere can name its own source instead.
 */
public class RetentionConfigurationException extends RetentionException {

  private static final long serialVersionUID = 1L;

  /** The builder setting at fault; null when the problem is not one setting's. */
  private final String setting;

  /** The message without the setting's name in front. */
  private final String problem;

  /**
   * A configuration problem.
   *
   * @param message the setting or promise involved and what to do
   */
  public RetentionConfigurationException(String message) {
    this(message, (Throwable) null);
  }

  /**
   * A configuration problem with the failure that revealed it.
   *
   * @param message the setting or promise involved and what to do
   * @param cause the underlying failure, kept for logs
   */
  public RetentionConfigurationException(String message, Throwable cause) {
    super(message, cause);
    this.setting = null;
    this.problem = message;
  }

  private RetentionConfigurationException(String setting, String problem, Throwable cause) {
    super(setting + ": " + problem, cause);
    this.setting = setting;
    this.problem = problem;
  }

  /**
   * A builder setting's value is invalid; the message is {@code setting + ": " + problem}.
   *
   * @param setting the builder setting, as {@link Retention.Builder} names it, e.g. {@code
   *     retentionDays}; two contradicting settings as {@code tenantRetention/legalHolds}
   * @param problem what is wrong with its value
   * @param cause the underlying failure, or null
   * @return the exception
   */
  public static RetentionConfigurationException invalid(
      String setting, String problem, Throwable cause) {
    return new RetentionConfigurationException(setting, problem, cause);
  }

  /**
   * The builder setting at fault.
   *
   * @return its name as {@link Retention.Builder} spells it, e.g. {@code lockWait}; empty when the
   *     problem is not one setting's (a pool too small, a host transaction)
   */
  public Optional<String> setting() {
    return Optional.ofNullable(setting);
  }

  /**
   * What is wrong, without the setting's name in front.
   *
   * @return the message, less {@code "setting: "} when a setting is named
   */
  public String problem() {
    return problem;
  }
}
