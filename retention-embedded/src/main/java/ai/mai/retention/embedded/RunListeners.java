package ai.mai.retention.embedded;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.CleanupListener;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener a run gets: one summary line through SLF4J (unless the host turned it off), then the
 * host's own listener, whose failures never reach the run.
 */
final class RunListeners implements CleanupListener {

  /** The logger of the summary lines: {@code ai.mai.retention.embedded.Retention}. */
  static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final boolean summary;
  private final CleanupListener host;

  RunListeners(boolean summary, CleanupListener host) {
    this.summary = summary;
    this.host = host == null ? CleanupListener.NONE : host;
  }

  @Override
  public void runStarting(CleanupReport plan) {
    safely(() -> host.runStarting(plan));
  }

  @Override
  public void batchCommitted(CleanupReport progress) {
    safely(() -> host.batchCommitted(progress));
  }

  @Override
  public void runFinished(CleanupReport report) {
    if (summary) {
      safely(() -> logSummary(report));
    }
    safely(() -> host.runFinished(report));
  }

  @Override
  public void interruptedRunFound(JournalEntry entry) {
    safely(() -> host.interruptedRunFound(entry));
  }

  @Override
  public void lockReleaseFailed(String runId, String reason) {
    safely(() -> host.lockReleaseFailed(runId, reason));
  }

  /** "Retention cleanup succeeded: deleted 810 of 1,000 rows ..." — one line per run. */
  static String summaryLine(CleanupReport report) {
    String subject = report.dryRun() ? "Retention preview" : "Retention cleanup";
    String what =
        report.dryRun()
            ? String.format(
                Locale.ROOT,
                "would delete %,d of %,d rows",
                report.recordsDeleted(),
                report.recordsBefore())
            : String.format(
                Locale.ROOT,
                "deleted %,d of %,d rows, %,d remain",
                report.recordsDeleted(),
                report.recordsBefore(),
                report.recordsRemaining());
    String line =
        String.format(
            Locale.ROOT,
            "%s %s: %s (cutoff %s, policy %s) in %d batches, %.2f s [run %s, %s]",
            subject,
            report.status().label(),
            what,
            report.cutoff().date(),
            report.criteria().describe(),
            report.batches(),
            report.durationSeconds(),
            report.runId(),
            report.trigger().label());
    String measured = report.storage().map(storage -> line + "; " + storage.summary()).orElse(line);
    String archived =
        report
            .archive()
            .map(archive -> measured + "; archive " + archive.summary())
            .orElse(measured);
    String noted = report.noteText().map(note -> archived + "; " + note).orElse(archived);
    return report.errorMessage().map(error -> noted + ": " + error).orElse(noted);
  }

  private static void logSummary(CleanupReport report) {
    if (report.success()) {
      LOG.info(summaryLine(report));
    } else {
      LOG.warn(summaryLine(report));
    }
  }

  private static void safely(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException ignored) {
      // A host's broken metric must not fail or silence a cleanup.
    }
  }
}
