package ai.mai.retention.core.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether cleanup is keeping up: healthy when a successful run finished within {@code maxAge} and
 * the newest journaled run succeeded (a failed, refused or interrupted run makes it unhealthy at
 * once, until a run succeeds).
 *
 * @param healthy the verdict
 * @param checkedAt when the verdict was made
 * @param maxAge how old the last success may be
 * @param lastSuccess the newest successful run, if any
 * @param lastFailure the newest failed run, if any
 * @param reason one line explaining the verdict
 * @param latestRun the newest journaled run, whatever its outcome
 */
public record HealthReport(
    boolean healthy,
    Instant checkedAt,
    Duration maxAge,
    Optional<JournalEntry> lastSuccess,
    Optional<JournalEntry> lastFailure,
    String reason,
    Optional<JournalEntry> latestRun) {

  public HealthReport {
    if (latestRun == null) {
      latestRun = Optional.empty();
    }
  }

  /** Without the newest run (callers that only know the last success and failure). */
  public HealthReport(
      boolean healthy,
      Instant checkedAt,
      Duration maxAge,
      Optional<JournalEntry> lastSuccess,
      Optional<JournalEntry> lastFailure,
      String reason) {
    this(healthy, checkedAt, maxAge, lastSuccess, lastFailure, reason, Optional.empty());
  }
}
