package ai.mai.retention.app.cli;

import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.DatabaseFailures;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.out.SchemaProblemException;
import ai.mai.retention.embedded.DatabaseUnavailableException;
import ai.mai.retention.embedded.RetentionConfigurationException;
import ai.mai.retention.embedded.RetentionSchemaException;

/** The app's exit codes (PRODUCT.md). */
public final class ExitCodes {
  /** Success, also when nothing was expired. */
  public static final int OK = 0;

  /** A run failed or a safety guard refused it (journaled); or unhealthy. */
  public static final int RUN_FAILED = 1;

  /** Bad usage or configuration; nothing touched. */
  public static final int USAGE = 2;

  /** Skipped: another cleanup on the same database is running. */
  public static final int LOCKED = 3;

  private ExitCodes() {}

  /**
   * What a command that threw ends with: a busy or unreachable database is a failed run (1), even
   * when it surfaced while checking or migrating; configuration and schema problems (the app's
   * settings, the front door's {@code RetentionConfigurationException} and {@code
   * RetentionSchemaException}) are usage errors (2); anything else is a failure (1).
   */
  public static int of(Throwable failure) {
    if (failure instanceof DatabaseUnavailableException
        || DatabaseFailures.isUnavailable(failure)) {
      return RUN_FAILED;
    }
    if (failure instanceof ConfigurationException
        || failure instanceof RetentionConfigurationException
        || failure instanceof RetentionSchemaException
        || failure instanceof SchemaProblemException
        || failure instanceof IllegalArgumentException) {
      return USAGE;
    }
    return RUN_FAILED;
  }

  public static int of(RunStatus status) {
    return switch (status) {
      case SUCCEEDED, DRY_RUN -> OK;
      case SKIPPED_LOCKED -> LOCKED;
      case FAILED, REFUSED, INTERRUPTED, RUNNING -> RUN_FAILED;
    };
  }
}
