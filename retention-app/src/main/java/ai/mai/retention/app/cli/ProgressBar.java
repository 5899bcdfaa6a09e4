package ai.mai.retention.app.cli;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.port.out.CleanupListener;
import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on the terminal's stderr while {@code cleanup} deletes. */
final class ProgressBar implements CleanupListener {

  private static final int WIDTH = 30;

  private final PrintStream terminal;
  private boolean drawn;

  ProgressBar(PrintStream terminal) {
    this.terminal = terminal;
  }

  @Override
  public synchronized void batchCommitted(CleanupReport progress) {
    long expected = Math.max(progress.recordsExpired(), progress.recordsDeleted());
    double share = expected == 0 ? 1.0 : (double) progress.recordsDeleted() / expected;
    int filled = (int) Math.round(share * WIDTH);
    double seconds = Math.max(progress.durationSeconds(), 1e-3);
    double rate = progress.recordsDeleted() / seconds;
    long eta = rate > 0 ? Math.round((expected - progress.recordsDeleted()) / rate) : 0;
    terminal.printf(
        Locale.ROOT,
        "\r[%s%s] %5.1f%%  %,d / %,d rows  %,.0f rows/s  ETA %ds ",
        "#".repeat(filled),
        " ".repeat(WIDTH - filled),
        share * 100,
        progress.recordsDeleted(),
        expected,
        rate,
        eta);
    terminal.flush();
    drawn = true;
  }

  @Override
  public synchronized void runFinished(CleanupReport report) {
    if (drawn) {
      terminal.println();
      terminal.flush();
    }
  }
}
