package ai.mai.retention.app.wiring;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.port.out.CleanupListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a run's start, and during long runs a progress line every few seconds with rows deleted,
 * rate and an ETA from the expired count seen at the start. How each run ended is the front door's
 * summary line.
 */
public final class LoggingCleanupListener implements CleanupListener {

  private static final Logger LOG = LoggerFactory.getLogger("ai.mai.retention.cleanup");

  private final Clock clock;
  private final Duration interval;
  private Instant lastLine = Instant.MIN;

  public LoggingCleanupListener(Clock clock, Duration interval) {
    this.clock = clock;
    this.interval = interval;
  }

  @Override
  public void runStarting(CleanupReport plan) {
    lastLine = clock.instant();
    LOG.info(
        "cleanup {} ({}): {} of {} rows expired (cutoff {}, policy {})",
        plan.runId(),
        plan.trigger().label(),
        plan.recordsExpired(),
        plan.recordsBefore(),
        plan.cutoff().date(),
        plan.criteria().describe());
  }

  @Override
  public synchronized void batchCommitted(CleanupReport progress) {
    Instant now = clock.instant();
    if (Duration.between(lastLine, now).compareTo(interval) < 0) {
      return;
    }
    lastLine = now;
    LOG.info(progressLine(progress));
  }

  /** "412,000 of ~1,000,000 rows (41.2%), 52,310 rows/s, ETA 11s, 83 batches". */
  static String progressLine(CleanupReport progress) {
    long deleted = progress.recordsDeleted();
    long expected = Math.max(progress.recordsExpired(), deleted);
    double seconds = Math.max(progress.durationSeconds(), 1e-3);
    double rate = deleted / seconds;
    long eta = rate > 0 ? Math.round((expected - deleted) / rate) : -1;
    return String.format(
        Locale.ROOT,
        "cleanup %s: %,d of ~%,d rows (%.1f%%), %,.0f rows/s, ETA %s, %d batches",
        progress.runId(),
        deleted,
        expected,
        expected == 0 ? 100.0 : 100.0 * deleted / expected,
        rate,
        eta < 0 ? "?" : eta + "s",
        progress.batches());
  }
}
