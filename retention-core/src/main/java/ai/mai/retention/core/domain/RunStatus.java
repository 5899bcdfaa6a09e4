package ai.mai.retention.core.domain;

import java.util.Locale;

/**
 * How a run ended, or {@link #RUNNING} in the reports of a run still in progress (what listeners
 * see when it starts and after each batch); every other value is an outcome.
 */
public enum RunStatus {
  /**
   * Still in progress: the status of the start and progress reports only. Never an outcome, never
   * journaled as one, never a success.
   */
  RUNNING(false),
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

  /** False only for {@link #RUNNING}: how a run ended, not that it is under way. */
  public boolean isOutcome() {
    return this != RUNNING;
  }

  /** Every status a run can end with (all but {@link #RUNNING}), in declaration order. */
  public static java.util.List<RunStatus> outcomes() {
    return java.util.Arrays.stream(values()).filter(RunStatus::isOutcome).toList();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
