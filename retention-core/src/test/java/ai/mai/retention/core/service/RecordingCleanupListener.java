package ai.mai.retention.core.service;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.CleanupListener;
import java.util.ArrayList;
import java.util.List;

/** Records every callback in order; can be told to throw from every one of them. */
final class RecordingCleanupListener implements CleanupListener {

  final List<String> events = new ArrayList<>();
  final List<CleanupReport> starting = new ArrayList<>();
  final List<CleanupReport> batches = new ArrayList<>();
  final List<CleanupReport> finished = new ArrayList<>();
  final List<JournalEntry> interrupted = new ArrayList<>();
  final List<String> releaseFailures = new ArrayList<>();
  private boolean throwing;

  RecordingCleanupListener throwing() {
    this.throwing = true;
    return this;
  }

  @Override
  public void runStarting(CleanupReport plan) {
    starting.add(plan);
    record("starting");
  }

  @Override
  public void batchCommitted(CleanupReport progress) {
    batches.add(progress);
    record("batch");
  }

  @Override
  public void runFinished(CleanupReport report) {
    finished.add(report);
    record("finished");
  }

  @Override
  public void interruptedRunFound(JournalEntry entry) {
    interrupted.add(entry);
    record("interrupted-found");
  }

  @Override
  public void lockReleaseFailed(String runId, String reason) {
    releaseFailures.add(runId + ": " + reason);
    record("release-failed");
  }

  private void record(String event) {
    events.add(event);
    if (throwing) {
      throw new IllegalStateException("listener broke on " + event);
    }
  }
}
