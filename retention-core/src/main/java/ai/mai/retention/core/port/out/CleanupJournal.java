package ai.mai.retention.core.port.out;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The run journal: one audit row per finished real run in {@code processed_generation_cleanup_log},
 * plus an in-flight marker per running run so that a run whose process died is journaled later. The
 * marker's progress is written by the store's sweep, in each batch's transaction ({@link
 * ExpiredRecordStore.BatchCheckpoint}), so that it always counts exactly what was deleted.
 */
public interface CleanupJournal {

  /**
   * Marks a real run as in flight; {@code started} carries its id, trigger and criteria. First it
   * proves that the audit table will take the run's row; if not, it throws and leaves no marker,
   * and the run deletes nothing.
   */
  void recordStart(CleanupReport started);

  /** Writes the run's one audit row and clears its in-flight marker. */
  void recordFinish(CleanupReport finished);

  /**
   * Turns in-flight markers of runs that can no longer be running (the caller holds the run lock)
   * into audit rows with {@code success = false}, and returns them.
   */
  List<JournalEntry> closeInterruptedRuns(Instant now);

  /** Audit rows, newest first. */
  List<JournalEntry> recentRuns(int limit);

  Optional<JournalEntry> lastSuccessfulRun();

  Optional<JournalEntry> lastFailedRun();
}
