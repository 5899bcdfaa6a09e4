package ai.mai.retention.core.domain;

import java.util.Locale;

/** How a run ended. */
public enum RunStatus {
  /** Deleted every expired row it found (possibly none). */
  SUCCEEDED(true),
  /** Previewed only: nothing deleted, nothing journaled. */
  DRY_RUN(true),
  /** A safety guard refused to delete; journaled as a failure. */
  REFUSED(false),
  /** An error stopped the run; what was deleted before it stays deleted and is counted. */
  FAILED(false),
  /** Stopped on request (shutdown) or found dead by a later run; journaled as a failure. */
  INTERRUPTED(false),
  /** Another cleanup held the database's run lock; nothing done, nothing journaled. */
  SKIPPED_LOCKED(false);

  private final boolean success;

  RunStatus(boolean success) {
    this.success = success;
  }

  public boolean isSuccess() {
    return success;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
