package ai.mai.retention.core.port.in;

import ai.mai.retention.core.domain.CleanupReport;

/** Deletes expired rows now (or previews it). */
public interface RunCleanupUseCase {

  /**
   * Runs one cleanup. Never throws for a failure of the run itself: a failed, refused, interrupted
   * or skipped run comes back as a report with {@code success() == false}, journaled where it was a
   * real run.
   */
  CleanupReport runCleanup(CleanupRequest request);
}
