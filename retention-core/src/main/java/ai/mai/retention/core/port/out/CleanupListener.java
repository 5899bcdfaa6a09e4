package ai.mai.retention.core.port.out;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;

/** Observes runs (logs, progress bars, metrics). Must not throw; exceptions are swallowed. */
public interface CleanupListener {

  CleanupListener NONE = new CleanupListener() {};

  /** A run has its snapshot and is about to delete {@code plan.recordsExpired()} rows. */
  default void runStarting(CleanupReport plan) {}

  /** A batch committed; {@code progress} holds the totals so far. */
  default void batchCommitted(CleanupReport progress) {}

  default void runFinished(CleanupReport report) {}

  /** A run left behind by a dead process was found and journaled as interrupted. */
  default void interruptedRunFound(JournalEntry entry) {}

  /**
   * The run's lock could not be released after the run ended; the run's outcome stands. Until its
   * session ends or its lease expires, later runs are skipped as locked.
   */
  default void lockReleaseFailed(String runId, String reason) {}
}
