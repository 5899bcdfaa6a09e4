package ai.mai.retention.core.service;

import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.QueryCleanupHistoryUseCase;
import ai.mai.retention.core.port.out.CleanupJournal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the journal: history for people, health for orchestrators. */
public final class CleanupHistoryService
    implements QueryCleanupHistoryUseCase, CheckCleanupHealthUseCase {

  private final CleanupJournal journal;
  private final Clock clock;

  public CleanupHistoryService(CleanupJournal journal, Clock clock) {
    this.journal = journal;
    this.clock = clock;
  }

  @Override
  public List<JournalEntry> recentRuns(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, got " + limit);
    }
    return journal.recentRuns(limit);
  }

  @Override
  public HealthReport checkHealth(Duration maxAge) {
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("max age must be positive, got " + maxAge);
    }
    Instant now = clock.instant();
    Optional<JournalEntry> lastSuccess = journal.lastSuccessfulRun();
    Optional<JournalEntry> lastFailure = journal.lastFailedRun();
    Optional<JournalEntry> latest = journal.recentRuns(1).stream().findFirst();
    if (lastSuccess.isEmpty()) {
      return new HealthReport(
          false,
          now,
          maxAge,
          lastSuccess,
          lastFailure,
          "no successful cleanup has been journaled",
          latest);
    }
    Duration age = Duration.between(lastSuccess.get().createdAt(), now);
    String success = "last successful cleanup finished " + human(age) + " ago";
    if (age.compareTo(maxAge) > 0) {
      return new HealthReport(
          false,
          now,
          maxAge,
          lastSuccess,
          lastFailure,
          success + ", longer than the allowed " + human(maxAge),
          latest);
    }
    // The newest run tells the truth at once: a failure is not hidden by an older success.
    if (latest.isPresent() && !latest.get().success()) {
      JournalEntry run = latest.get();
      return new HealthReport(
          false,
          now,
          maxAge,
          lastSuccess,
          lastFailure,
          "the latest cleanup "
              + outcome(run)
              + " "
              + human(Duration.between(run.createdAt(), now))
              + " ago; "
              + success,
          latest);
    }
    return new HealthReport(true, now, maxAge, lastSuccess, lastFailure, success, latest);
  }

  /** failed, refused or interrupted; the Python service's rows say only that they failed. */
  private static String outcome(JournalEntry run) {
    return run.status() == null ? "failed" : run.status();
  }

  private static String human(Duration duration) {
    if (duration.isNegative()) {
      return "0s";
    }
    long hours = duration.toHours();
    long minutes = duration.toMinutesPart();
    return hours > 0 ? hours + "h" + minutes + "m" : minutes + "m" + duration.toSecondsPart() + "s";
  }
}
