package ai.mai.retention.app.cli;

import ai.mai.retention.core.domain.RunStatus;

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

  public static int of(RunStatus status) {
    return switch (status) {
      case SUCCEEDED, DRY_RUN -> OK;
      case SKIPPED_LOCKED -> LOCKED;
      case FAILED, REFUSED, INTERRUPTED -> RUN_FAILED;
    };
  }
}
