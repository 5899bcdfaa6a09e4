package ai.mai.retention.app.wiring;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.CleanupListener;
import java.util.List;

/**
 * Tells several listeners (logs, metrics, a progress bar); one failing does not silence the rest.
 */
public final class CompositeCleanupListener implements CleanupListener {

  private final List<CleanupListener> listeners;

  public CompositeCleanupListener(List<CleanupListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void runStarting(CleanupReport plan) {
    each(listener -> listener.runStarting(plan));
  }

  @Override
  public void batchCommitted(CleanupReport progress) {
    each(listener -> listener.batchCommitted(progress));
  }

  @Override
  public void runFinished(CleanupReport report) {
    each(listener -> listener.runFinished(report));
  }

  @Override
  public void interruptedRunFound(JournalEntry entry) {
    each(listener -> listener.interruptedRunFound(entry));
  }

  @Override
  public void lockReleaseFailed(String runId, String reason) {
    each(listener -> listener.lockReleaseFailed(runId, reason));
  }

  private void each(java.util.function.Consumer<CleanupListener> call) {
    for (CleanupListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException ignored) {
        // Observers must not break a cleanup or each other.
      }
    }
  }
}
