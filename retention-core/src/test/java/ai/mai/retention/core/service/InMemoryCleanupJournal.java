package ai.mai.retention.core.service;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.out.CleanupJournal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link CleanupJournal} in memory: records every call, keeps in-flight markers per run id and
 * turns finished runs into {@link JournalEntry audit entries} the way an adapter would.
 */
final class InMemoryCleanupJournal implements CleanupJournal {

  final List<CleanupReport> starts = new ArrayList<>();
  final List<CleanupReport> progress = new ArrayList<>();
  final List<CleanupReport> finishes = new ArrayList<>();
  final List<Instant> interruptedChecks = new ArrayList<>();

  private final Map<String, CleanupReport> inFlight = new LinkedHashMap<>();
  private final List<JournalEntry> entries = new ArrayList<>();
  private RuntimeException finishFailure;
  private RuntimeException startFailure;
  private int failProgressAt = -1;
  private RuntimeException progressFailure;
  private long nextId = 1;

  /** Every later {@link #recordFinish} throws {@code exception} and writes nothing. */
  InMemoryCleanupJournal failOnFinish(RuntimeException exception) {
    this.finishFailure = exception;
    return this;
  }

  InMemoryCleanupJournal failOnStart(RuntimeException exception) {
    this.startFailure = exception;
    return this;
  }

  /** The {@code call}-th {@link #checkpoint} (1-based) throws {@code exception}. */
  InMemoryCleanupJournal failOnProgress(int call, RuntimeException exception) {
    this.failProgressAt = call;
    this.progressFailure = exception;
    return this;
  }

  /** Adds an audit row directly, e.g. a legacy row or a run from the past. */
  InMemoryCleanupJournal add(JournalEntry entry) {
    entries.add(entry);
    return this;
  }

  List<JournalEntry> entries() {
    return List.copyOf(entries);
  }

  Map<String, CleanupReport> inFlight() {
    return Map.copyOf(inFlight);
  }

  /** Nothing at all was written or marked. */
  boolean untouched() {
    return starts.isEmpty() && progress.isEmpty() && finishes.isEmpty() && entries.isEmpty();
  }

  @Override
  public void recordStart(CleanupReport started) {
    if (startFailure != null) {
      throw startFailure;
    }
    starts.add(started);
    inFlight.put(started.runId(), started);
  }

  /**
   * What the store's sweep writes with each batch (the marker's progress); {@link
   * InMemoryExpiredRecordStore#checkpointsTo} wires it in, so that a failure here undoes the batch.
   */
  void checkpoint(CleanupReport report) {
    if (progress.size() + 1 == failProgressAt) {
      throw progressFailure;
    }
    progress.add(report);
    inFlight.put(report.runId(), report);
  }

  @Override
  public void recordFinish(CleanupReport finished) {
    if (!finished.status().isOutcome()) {
      throw new IllegalArgumentException("run " + finished.runId() + " is still running");
    }
    if (finishFailure != null) {
      throw finishFailure;
    }
    finishes.add(finished);
    inFlight.remove(finished.runId());
    Instant finishedAt = finished.finishedAt();
    entries.add(
        entry(
            finished, finished.status().label(), finished.success(), finished.error(), finishedAt));
  }

  @Override
  public List<JournalEntry> closeInterruptedRuns(Instant now) {
    interruptedChecks.add(now);
    List<JournalEntry> closed = new ArrayList<>();
    for (CleanupReport dead : inFlight.values()) {
      JournalEntry entry =
          entry(
              dead,
              RunStatus.INTERRUPTED.label(),
              false,
              "interrupted: the process running it stopped before it finished",
              now);
      entries.add(entry);
      closed.add(entry);
    }
    inFlight.clear();
    return closed;
  }

  @Override
  public List<JournalEntry> recentRuns(int limit) {
    return newestFirst().stream().limit(limit).toList();
  }

  @Override
  public Optional<JournalEntry> lastSuccessfulRun() {
    return newestFirst().stream().filter(JournalEntry::success).findFirst();
  }

  @Override
  public Optional<JournalEntry> lastFailedRun() {
    return newestFirst().stream().filter(entry -> !entry.success()).findFirst();
  }

  private List<JournalEntry> newestFirst() {
    return entries.stream()
        .sorted(
            Comparator.comparing(JournalEntry::createdAt)
                .thenComparingLong(JournalEntry::id)
                .reversed())
        .toList();
  }

  private JournalEntry entry(
      CleanupReport report, String status, boolean success, String error, Instant createdAt) {
    return new JournalEntry(
        nextId++,
        LocalDate.ofInstant(report.startedAt(), ZoneOffset.UTC),
        report.cutoff().date(),
        report.criteria().defaultDays(),
        report.recordsBefore(),
        report.recordsDeleted(),
        report.recordsRemaining(),
        report.tokensRemoved(),
        report.costRemoved(),
        report.storageSavedKb(),
        report.durationSeconds(),
        success,
        error,
        createdAt,
        report.runId(),
        report.trigger().label(),
        status,
        report.batches(),
        report.criteria().describe());
  }

  /** A journal entry for health tests: a run of {@code status} finished at {@code finishedAt}. */
  static JournalEntry finishedRun(long id, String runId, boolean success, Instant finishedAt) {
    LocalDate day = LocalDate.ofInstant(finishedAt, ZoneOffset.UTC);
    return new JournalEntry(
        id,
        day,
        day.minusDays(90),
        90,
        10L,
        success ? 3L : 0L,
        success ? 7L : 10L,
        0L,
        java.math.BigDecimal.ZERO,
        0.0,
        0.1,
        success,
        success ? null : "boom",
        finishedAt,
        runId,
        "scheduled",
        success ? "succeeded" : "failed",
        1,
        "default=90");
  }
}
