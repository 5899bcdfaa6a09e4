package ai.mai.retention.core.contract;

import static ai.mai.retention.core.contract.ContractClock.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link ai.mai.retention.core.port.out.CleanupJournal} must do. */
public abstract class CleanupJournalContract {

  protected RetentionTestDatabase database;

  protected abstract RetentionTestDatabase openDatabase();

  @BeforeEach
  void open() {
    database = openDatabase();
  }

  @AfterEach
  void closeDatabase() {
    database.close();
  }

  @Test
  void aRunStillInProgressIsNeverAnAuditRow() {
    CleanupReport running =
        report("run-r", NOW, RunStatus.RUNNING, breakdown("org-a", 3, 300, "0.000123"), null);
    database.journal().recordStart(running);

    assertThatThrownBy(() -> database.journal().recordFinish(running))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("running");
    assertThat(database.auditRowCount()).isZero();
  }

  @Test
  void aFinishedRunWritesOneAuditRowWithItsStatistics() {
    CleanupReport report =
        report("run-1", NOW, RunStatus.SUCCEEDED, breakdown("org-a", 3, 300, "0.000123"), null);

    database.journal().recordStart(report);
    assertThat(database.auditRowCount()).as("in-flight runs are not audit rows").isZero();
    database.journal().recordFinish(report);

    assertThat(database.auditRowCount()).isEqualTo(1);
    JournalEntry entry = database.journal().recentRuns(10).get(0);
    assertThat(entry.success()).isTrue();
    assertThat(entry.cleanupDate()).isEqualTo(LocalDate.parse("2026-06-01"));
    assertThat(entry.cutoffDate()).isEqualTo(LocalDate.parse("2026-03-03"));
    assertThat(entry.daysRetained()).isEqualTo(90);
    assertThat(entry.recordsBefore()).isEqualTo(10L);
    assertThat(entry.recordsDeleted()).isEqualTo(3L);
    assertThat(entry.recordsRemaining()).isEqualTo(7L);
    assertThat(entry.tokensRemoved()).isEqualTo(300L);
    assertThat(entry.costRemoved()).isEqualByComparingTo("0.000123");
    assertThat(entry.durationSeconds()).isEqualTo(1.5);
    assertThat(entry.errorMessage()).isNull();
    assertThat(entry.runId()).isEqualTo("run-1");
    assertThat(entry.trigger()).isEqualTo("manual");
    assertThat(entry.status()).isEqualTo("succeeded");
    assertThat(entry.batches()).isEqualTo(2);
    assertThat(entry.retentionPolicy()).isEqualTo("default=90;org-b=30;hold=org-c");
    assertThat(entry.createdAt())
        .isEqualTo(NOW.plusMillis(1500).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void aFailedRunIsJournaledWithItsError() {
    CleanupReport failed =
        report("run-f", NOW, RunStatus.FAILED, OrganizationBreakdown.EMPTY, "disk I/O error");
    database.journal().recordStart(failed);
    database.journal().recordFinish(failed);

    JournalEntry entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.success()).isFalse();
    assertThat(entry.errorMessage()).isEqualTo("disk I/O error");
    assertThat(entry.status()).isEqualTo("failed");
    assertThat(database.journal().lastFailedRun()).map(JournalEntry::runId).hasValue("run-f");
    assertThat(database.journal().lastSuccessfulRun()).isEmpty();
  }

  @Test
  void recentRunsAreNewestFirstAndLimited() {
    for (int day = 1; day <= 5; day++) {
      CleanupReport run =
          report(
              "run-" + day,
              NOW.plus(Duration.ofDays(day)),
              RunStatus.SUCCEEDED,
              OrganizationBreakdown.EMPTY,
              null);
      database.journal().recordStart(run);
      database.journal().recordFinish(run);
    }

    List<JournalEntry> recent = database.journal().recentRuns(3);

    assertThat(recent).extracting(JournalEntry::runId).containsExactly("run-5", "run-4", "run-3");
    assertThat(database.journal().lastSuccessfulRun()).map(JournalEntry::runId).hasValue("run-5");
  }

  /** Every kind of figure, a vacuum with a note to escape, and a problem. */
  private static StorageReport everyStorageFigure() {
    Map<String, Long> file = new LinkedHashMap<>();
    file.put("page_size", 4096L);
    file.put("page_count", 10L);
    file.put("freelist_count", 1L);
    Map<String, Long> table = new LinkedHashMap<>();
    table.put("table_bytes", 8192L);
    table.put("index_bytes", 8192L);
    table.put("n_dead_tup", 7L);
    return new StorageReport(
        Optional.of(new StorageFigures(40_960, OptionalLong.of(4_096), OptionalLong.empty(), file)),
        Optional.of(new StorageFigures(16_384, OptionalLong.empty(), OptionalLong.of(7), table)),
        Optional.of(
            new VacuumOutcome(
                VacuumMode.ONLINE,
                true,
                24_576,
                Duration.ofMillis(1234),
                "a \"quoted\" note\nover two lines")),
        Optional.of("before the run: timeout"));
  }

  @Test
  void aRunsMeasuredStorageIsReadBackWithItsEntryAndARunWithoutHasNone() {
    StorageReport storage = everyStorageFigure();
    CleanupReport measured =
        report("run-m", NOW, RunStatus.SUCCEEDED, breakdown("org-a", 3, 300, "0.3"), null)
            .withStorage(storage);
    CleanupReport unmeasured =
        report(
            "run-u",
            NOW.plusSeconds(60),
            RunStatus.FAILED,
            OrganizationBreakdown.EMPTY,
            "disk I/O error");
    for (CleanupReport run : List.of(measured, unmeasured)) {
      database.journal().recordStart(run);
      database.journal().recordFinish(run);
    }

    List<JournalEntry> recent = database.journal().recentRuns(2);

    assertThat(recent).extracting(JournalEntry::runId).containsExactly("run-u", "run-m");
    assertThat(recent.get(0).storage()).isEmpty();
    assertThat(recent.get(1).storage()).hasValue(storage);
    assertThat(database.journal().lastSuccessfulRun().orElseThrow().storage()).hasValue(storage);
    assertThat(database.journal().lastFailedRun().orElseThrow().storage()).isEmpty();
  }

  /**
   * The storage columns as an operator's hand may leave them: the typed sizes stand alone without
   * the details, and details that are no JSON cost the details, never the read (history and health
   * go through it).
   */
  @Test
  void storageDetailsThatAreMissingOrUnreadableLeaveTheTypedSizes() {
    CleanupReport measured =
        report("run-m", NOW, RunStatus.SUCCEEDED, OrganizationBreakdown.EMPTY, null)
            .withStorage(everyStorageFigure());
    database.journal().recordStart(measured);
    database.journal().recordFinish(measured);

    database.run(
        "UPDATE processed_generation_cleanup_log SET storage_details = NULL"
            + " WHERE run_id = 'run-m'");
    StorageReport typedOnly = database.journal().recentRuns(1).get(0).storage().orElseThrow();
    database.run(
        "UPDATE processed_generation_cleanup_log SET storage_details = '{\"before\": [1,'"
            + " WHERE run_id = 'run-m'");
    JournalEntry broken = database.journal().recentRuns(1).get(0);

    assertThat(typedOnly.before().orElseThrow().bytes()).isEqualTo(40_960);
    assertThat(typedOnly.before().orElseThrow().reusableBytes()).isEmpty();
    assertThat(typedOnly.after().orElseThrow().bytes()).isEqualTo(16_384);
    assertThat(typedOnly.vacuum()).isEmpty();
    assertThat(typedOnly.problem()).isEmpty();
    StorageReport fallback = broken.storage().orElseThrow();
    assertThat(fallback.before().orElseThrow().bytes()).isEqualTo(40_960);
    assertThat(fallback.after().orElseThrow().bytes()).isEqualTo(16_384);
    assertThat(fallback.problem().orElseThrow())
        .contains("storage_details")
        .contains("row id=" + broken.id())
        .contains("cannot be read");
    assertThat(database.journal().lastSuccessfulRun()).map(JournalEntry::runId).hasValue("run-m");
  }

  @Test
  void aRunLeftInFlightIsJournaledAsInterruptedByTheNextLockHolder() {
    CleanupReport progress =
        report("run-dead", NOW, RunStatus.SUCCEEDED, breakdown("org-a", 5, 50, "0.5"), null);
    database.journal().recordStart(progress);

    List<JournalEntry> closed = database.journal().closeInterruptedRuns(NOW.plusSeconds(3600));

    assertThat(closed).hasSize(1);
    assertThat(database.auditRowCount()).isEqualTo(1);
    JournalEntry entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.runId()).isEqualTo("run-dead");
    assertThat(entry.success()).isFalse();
    assertThat(entry.status()).isEqualTo("interrupted");
    assertThat(entry.recordsDeleted()).isEqualTo(5L);
    assertThat(entry.errorMessage()).contains("interrupted");
    assertThat(database.journal().closeInterruptedRuns(NOW.plusSeconds(7200))).isEmpty();
  }

  @Test
  void aRunThatOutlivedItsLeaseEndsWithOneAuditRowItsOwn() {
    CleanupReport progress =
        report("run-slow", NOW, RunStatus.SUCCEEDED, breakdown("org-a", 5, 50, "0.5"), null);
    database.journal().recordStart(progress);
    // Its lease ran out; the next lock holder journals it as interrupted.
    assertThat(database.journal().closeInterruptedRuns(NOW.plusSeconds(3600))).hasSize(1);
    // It wakes up; its next batch finds its marker gone and rolls back; it ends.
    CleanupReport ended =
        report(
            "run-slow",
            NOW,
            RunStatus.FAILED,
            breakdown("org-a", 5, 50, "0.5"),
            "lost the cleanup lock; stopping");
    database.journal().recordFinish(ended);

    assertThat(database.auditRowCount()).isEqualTo(1);
    JournalEntry entry = database.journal().recentRuns(1).get(0);
    assertThat(entry.status()).isEqualTo("failed");
    assertThat(entry.recordsDeleted()).isEqualTo(5L);
    assertThat(entry.errorMessage()).contains("lost the cleanup lock");
    assertThat(database.journal().closeInterruptedRuns(NOW.plusSeconds(7200))).isEmpty();
    assertThat(database.auditRowCount()).isEqualTo(1);
  }

  @Test
  void aStaleMarkerOfAJournaledRunAddsNoSecondRow() {
    CleanupReport run =
        report("run-late", NOW, RunStatus.SUCCEEDED, breakdown("org-a", 2, 20, "0.2"), null);
    database.journal().recordStart(run);
    database.journal().recordFinish(run);
    // A marker of the same run written after its finish (a lost race, or an older version).
    database.journal().recordStart(run);

    assertThat(database.journal().closeInterruptedRuns(NOW.plusSeconds(3600))).isEmpty();
    assertThat(database.auditRowCount()).isEqualTo(1);
    assertThat(database.journal().recentRuns(1).get(0).status()).isEqualTo("succeeded");
  }

  @Test
  void finishedRunsAreNotReportedAsInterrupted() {
    CleanupReport run =
        report("run-ok", NOW, RunStatus.SUCCEEDED, OrganizationBreakdown.EMPTY, null);
    database.journal().recordStart(run);
    database.journal().recordFinish(run);

    assertThat(database.journal().closeInterruptedRuns(NOW.plusSeconds(60))).isEmpty();
    assertThat(database.auditRowCount()).isEqualTo(1);
  }

  @Test
  void theOperatorsHealthQueriesSeeRunsJournaledToday() {
    Instant now = Instant.now();
    CleanupReport ok =
        report("run-today", now, RunStatus.SUCCEEDED, OrganizationBreakdown.EMPTY, null);
    CleanupReport failed =
        report("run-bad", now, RunStatus.FAILED, OrganizationBreakdown.EMPTY, "boom");
    for (CleanupReport run : List.of(ok, failed)) {
      database.journal().recordStart(run);
      database.journal().recordFinish(run);
    }

    assertThat(database.queryForLong(successesInLastWeekQuery())).isEqualTo(1);
    assertThat(database.queryForLong(failuresInLastWeekQuery())).isEqualTo(1);
  }

  /** The operators' success query, in this database's dialect. */
  protected abstract String successesInLastWeekQuery();

  /** The operators' failure query (count part), in this database's dialect. */
  protected abstract String failuresInLastWeekQuery();

  protected static OrganizationBreakdown breakdown(
      String org, long records, long tokens, String cost) {
    return OrganizationBreakdown.builder()
        .add(
            org,
            new ai.mai.retention.core.domain.OrganizationTotals(
                records, tokens, new BigDecimal(cost)))
        .build();
  }

  protected static CleanupReport report(
      String runId,
      Instant startedAt,
      RunStatus status,
      OrganizationBreakdown deleted,
      String error) {
    CleanupCriteria criteria =
        new CleanupCriteria(startedAt, 90, Map.of("org-b", 30), Set.of("org-c"));
    return new CleanupReport(
        runId,
        CleanupTrigger.MANUAL,
        status,
        false,
        criteria,
        startedAt,
        Duration.ofMillis(1500),
        10,
        deleted.records(),
        10 - deleted.records(),
        deleted,
        2,
        error);
  }
}
