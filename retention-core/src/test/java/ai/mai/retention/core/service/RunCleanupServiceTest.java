package ai.mai.retention.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationId;
import ai.mai.retention.core.domain.OrganizationTotals;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupLock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RunCleanupServiceTest {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final long NOW_EPOCH = NOW.getEpochSecond();
  static final long DAY = 86_400L;
  static final long CUTOFF_90 = NOW_EPOCH - 90 * DAY;

  InMemoryExpiredRecordStore store;
  InMemoryCleanupJournal journal;
  InMemoryCleanupLock lock;
  RecordingCleanupListener listener;
  TestClock clock;
  AtomicInteger runCounter;

  @BeforeEach
  void setUp() {
    journal = new InMemoryCleanupJournal();
    store = new InMemoryExpiredRecordStore().checkpointsTo(journal::checkpoint);
    lock = new InMemoryCleanupLock();
    listener = new RecordingCleanupListener();
    clock = new TestClock(NOW);
    runCounter = new AtomicInteger();
  }

  RunCleanupService service() {
    return new RunCleanupService(
        store, journal, lock, listener, clock, () -> "run-" + runCounter.incrementAndGet());
  }

  static CleanupRequest request(int days) {
    return CleanupRequest.of(RetentionPolicy.ofDays(days), CleanupTrigger.MANUAL);
  }

  static CleanupRequest request(int days, int batchSize) {
    return new CleanupRequest(
        RetentionPolicy.ofDays(days),
        CleanupTrigger.MANUAL,
        false,
        OptionalInt.of(batchSize),
        CleanupGuards.DEFAULT,
        null);
  }

  static CleanupRequest withGuards(CleanupRequest request, CleanupGuards guards) {
    return new CleanupRequest(
        request.policy(),
        request.trigger(),
        request.dryRun(),
        request.batchSize(),
        guards,
        request.stopRequested());
  }

  static long daysAgo(double days) {
    return NOW_EPOCH - Math.round(days * DAY);
  }

  /** {@code expired} rows 100-199 days old and {@code fresh} rows 1-50 days old, all org-a. */
  void insertRows(int expired, int fresh) {
    for (int i = 0; i < expired; i++) {
      store.insert(StoredRow.of("old-" + i, "org-a", daysAgo(100 + i % 100)));
    }
    for (int i = 0; i < fresh; i++) {
      store.insert(StoredRow.of("new-" + i, "org-a", daysAgo(1 + i % 50)));
    }
  }

  @Nested
  class Cutoff {

    @Test
    void rowsBeforeTheCutoffGoAndRowsAtOrAfterItStay() {
      store.insert(
          StoredRow.of("a-day-before", "org-a", CUTOFF_90 - DAY),
          StoredRow.of("one-second-before", "org-a", CUTOFF_90 - 1),
          StoredRow.of("exactly-at", "org-a", CUTOFF_90),
          StoredRow.of("one-second-after", "org-a", CUTOFF_90 + 1),
          StoredRow.of("today", "org-a", NOW_EPOCH));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.cutoff().epochSecond()).isEqualTo(NOW_EPOCH - 90 * 86_400L);
      assertThat(report.recordsDeleted()).isEqualTo(2);
      assertThat(store.remainingIds())
          .containsExactlyInAnyOrder("exactly-at", "one-second-after", "today");
    }

    @Test
    void theCutoffDateIsTheUtcDateWhateverTheClocksZone() {
      // 23:30 UTC on June 1st is already June 2nd in Kiritimati (UTC+14).
      Instant lateEvening = Instant.parse("2026-06-01T23:30:00Z");
      clock = new TestClock(lateEvening, ZoneId.of("Pacific/Kiritimati"));
      store.insert(StoredRow.of("keep", "org-a", lateEvening.getEpochSecond()));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.cutoff().epochSecond())
          .isEqualTo(lateEvening.getEpochSecond() - 90 * 86_400L);
      assertThat(report.cutoff().date()).isEqualTo(LocalDate.parse("2026-03-03"));
      assertThat(journal.entries().get(0).cutoffDate()).isEqualTo(LocalDate.parse("2026-03-03"));
      assertThat(journal.entries().get(0).cleanupDate()).isEqualTo(LocalDate.parse("2026-06-01"));
    }

    @Test
    void aFractionalNowIsTruncatedToWholeEpochSeconds() {
      // now_epoch_seconds is an integer: 0.9 s into a second still counts as that second.
      clock = new TestClock(NOW.plusMillis(900));
      store.insert(
          StoredRow.of("at-cutoff", "org-a", CUTOFF_90),
          StoredRow.of("before", "org-a", CUTOFF_90 - 1));

      CleanupReport report = service().runCleanup(withGuards(request(90), allowWipe()));

      assertThat(report.cutoff().epochSecond()).isEqualTo(CUTOFF_90);
      assertThat(store.remainingIds()).containsExactly("at-cutoff");
    }

    @Test
    void tenantOverridesAndHoldsEachGetTheirOwnCutoff() {
      RetentionPolicy policy =
          RetentionPolicy.ofDays(90)
              .withTenantDays(Map.of(new OrganizationId("org-long"), 180))
              .withLegalHolds(Set.of(new OrganizationId("org-held")));
      store.insert(
          StoredRow.of("default-old", "org-a", daysAgo(91)),
          StoredRow.of("default-new", "org-a", daysAgo(89)),
          StoredRow.of("long-mid", "org-long", daysAgo(120)),
          StoredRow.of("long-old", "org-long", daysAgo(181)),
          StoredRow.of("held-ancient", "org-held", daysAgo(3_000)));

      CleanupReport report =
          service().runCleanup(CleanupRequest.of(policy, CleanupTrigger.SCHEDULED));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(store.remainingIds())
          .containsExactlyInAnyOrder("default-new", "long-mid", "held-ancient");
      assertThat(report.deleted().byOrganization()).containsOnlyKeys("org-a", "org-long");
      assertThat(journal.entries().get(0).retentionPolicy())
          .isEqualTo("default=90;org-long=180;hold=org-held");
      assertThat(journal.entries().get(0).trigger()).isEqualTo("scheduled");
    }
  }

  @Nested
  class Statistics {

    @Test
    void countsExactlyWhatWasDeletedPerOrganizationWithExactMoney() {
      store.insert(
          new StoredRow("a1", "org-a", daysAgo(100), 0.1, 1_000),
          new StoredRow("a2", "org-a", daysAgo(120), 0.2, 2_000),
          new StoredRow("a3", "org-a", daysAgo(150), 0.000123, 3),
          new StoredRow("b1", "org-b", daysAgo(95), 1.5, 40),
          new StoredRow("b2", "org-b", daysAgo(10), 99.0, 50),
          new StoredRow("c1", "org-c", daysAgo(5), 7.0, 60));

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.recordsBefore()).isEqualTo(6);
      assertThat(report.recordsExpired()).isEqualTo(4);
      assertThat(report.recordsDeleted()).isEqualTo(4);
      assertThat(report.recordsRemaining()).isEqualTo(2);
      assertThat(report.tokensRemoved()).isEqualTo(3_043);
      // 0.1 + 0.2 + 0.000123 + 1.5 summed as doubles would drift; BigDecimal must not.
      assertThat(report.costRemoved()).isEqualByComparingTo("1.800123");
      assertThat(report.costRemoved().toPlainString()).isEqualTo("1.800123");
      assertThat(report.deleted().byOrganization())
          .containsOnlyKeys("org-a", "org-b")
          .containsEntry("org-a", new OrganizationTotals(3, 3_003, new BigDecimal("0.300123")))
          .containsEntry("org-b", new OrganizationTotals(1, 40, new BigDecimal("1.5")));
      assertThat(report.batches()).isEqualTo(2);
      assertThat(report.storageSavedKb()).isEqualTo(0.39);
      assertThat(report.error()).isNull();
    }

    @Test
    void batchesAreCountedAndEachIsJournaledAndAnnounced() {
      insertRows(5, 3);

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(report.batches()).isEqualTo(3);
      assertThat(store.requestedBatchSize).hasValue(2);
      assertThat(journal.progress)
          .extracting(CleanupReport::recordsDeleted)
          .containsExactly(2L, 4L, 5L);
      assertThat(journal.progress).extracting(CleanupReport::batches).containsExactly(1, 2, 3);
      assertThat(listener.batches)
          .extracting(CleanupReport::recordsDeleted)
          .containsExactly(2L, 4L, 5L);
      assertThat(lock.keepAlives).isEqualTo(3);
      assertThat(store.sweepsClosed).isEqualTo(store.sweepsOpened).isEqualTo(1);
    }

    @Test
    void reportsOfARunInProgressSayRunningAndOnlyTheEndSaysHowItEnded() {
      insertRows(5, 3);

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(listener.starting)
          .extracting(CleanupReport::status)
          .containsOnly(RunStatus.RUNNING);
      assertThat(listener.batches)
          .extracting(CleanupReport::status)
          .containsOnly(RunStatus.RUNNING);
      assertThat(listener.batches).noneMatch(CleanupReport::success);
      assertThat(journal.starts).extracting(CleanupReport::status).containsOnly(RunStatus.RUNNING);
      assertThat(journal.progress)
          .extracting(CleanupReport::status)
          .containsOnly(RunStatus.RUNNING);
      assertThat(listener.finished)
          .extracting(CleanupReport::status)
          .containsOnly(RunStatus.SUCCEEDED);
      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(journal.entries()).extracting(JournalEntry::status).containsOnly("succeeded");
    }

    @Test
    void theAdapterChoosesTheBatchSizeWhenNoneIsRequested() {
      insertRows(3, 1);

      service().runCleanup(request(90));

      assertThat(store.requestedBatchSize).isEmpty();
    }

    @Test
    void remainingIsCountedAfterTheRunSoLiveInsertsAreNotMistakenForDeletes() {
      insertRows(4, 2);
      AtomicInteger inserted = new AtomicInteger();
      store.afterEachBatch(
          s -> s.insert(StoredRow.of("live-" + inserted.incrementAndGet(), "org-a", NOW_EPOCH)));

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(report.recordsBefore()).isEqualTo(6);
      assertThat(report.recordsDeleted()).isEqualTo(4);
      assertThat(report.recordsRemaining()).isEqualTo(2 + inserted.get()).isEqualTo(4);
    }

    @Test
    void anEmptyTableIsASuccessWithNothingDeleted() {
      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.recordsBefore()).isZero();
      assertThat(report.recordsDeleted()).isZero();
      assertThat(report.batches()).isZero();
      assertThat(report.costRemoved()).isEqualByComparingTo("0");
      assertThat(journal.entries()).hasSize(1);
      assertThat(journal.entries().get(0).success()).isTrue();
    }

    @Test
    void aRunIsJournaledOnceWithItsIdAndStatistics() {
      insertRows(3, 2);
      clock.ticking(Duration.ofMillis(250));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.runId()).isEqualTo("run-1");
      assertThat(report.startedAt()).isEqualTo(NOW);
      assertThat(report.duration()).isPositive();
      assertThat(journal.starts).extracting(CleanupReport::runId).containsExactly("run-1");
      assertThat(journal.finishes).containsExactly(report);
      assertThat(journal.inFlight()).isEmpty();
      JournalEntry entry = journal.entries().get(0);
      assertThat(entry.runId()).isEqualTo("run-1");
      assertThat(entry.status()).isEqualTo("succeeded");
      assertThat(entry.recordsBefore()).isEqualTo(5L);
      assertThat(entry.recordsDeleted()).isEqualTo(3L);
      assertThat(entry.recordsRemaining()).isEqualTo(2L);
      assertThat(entry.daysRetained()).isEqualTo(90);
      assertThat(lock.acquiredBy).containsExactly("run-1");
      assertThat(lock.isHeld()).isFalse();
      assertThat(listener.events).containsExactly("starting", "batch", "finished");
      assertThat(listener.finished).containsExactly(report);
    }

    @Test
    void aSecondRunDeletesNothingAndIsJournaledToo() {
      insertRows(3, 2);
      service().runCleanup(request(90));

      CleanupReport second = service().runCleanup(request(90));

      assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(second.recordsDeleted()).isZero();
      assertThat(second.recordsBefore()).isEqualTo(2);
      assertThat(journal.entries()).hasSize(2);
    }
  }

  @Nested
  class DryRun {

    @Test
    void previewsPerOrganizationAndDeletesAndJournalsNothing() {
      store.insert(
          new StoredRow("a1", "org-a", daysAgo(100), 0.25, 10),
          new StoredRow("b1", "org-b", daysAgo(200), 0.5, 20),
          new StoredRow("b2", "org-b", daysAgo(2), 0.5, 20));
      List<String> before = store.remainingIds();

      CleanupReport preview = service().runCleanup(request(90).asDryRun());

      assertThat(preview.status()).isEqualTo(RunStatus.DRY_RUN);
      assertThat(preview.dryRun()).isTrue();
      assertThat(preview.success()).isTrue();
      assertThat(preview.recordsBefore()).isEqualTo(3);
      assertThat(preview.recordsDeleted()).isEqualTo(2);
      assertThat(preview.recordsRemaining()).isEqualTo(1);
      assertThat(preview.deleted().byOrganization()).containsOnlyKeys("org-a", "org-b");
      assertThat(preview.costRemoved()).isEqualByComparingTo("0.75");
      assertThat(preview.batches()).isZero();
      assertThat(preview.error()).isNull();
      assertThat(store.remainingIds()).isEqualTo(before);
      assertThat(store.sweepsOpened).isZero();
      assertThat(journal.untouched()).isTrue();
      assertThat(journal.interruptedChecks).isEmpty();
      assertThat(lock.acquiredBy).isEmpty();
      assertThat(listener.finished).containsExactly(preview);
    }

    @Test
    void saysWhenTheRealRunWouldBeRefused() {
      store.insert(StoredRow.of("old", "org-a", daysAgo(100)));

      CleanupReport preview = service().runCleanup(request(90).asDryRun());

      assertThat(preview.status()).isEqualTo(RunStatus.DRY_RUN);
      assertThat(preview.error()).startsWith("would refuse: ").contains("every row");
      assertThat(store.remainingIds()).containsExactly("old");
      assertThat(journal.untouched()).isTrue();
    }
  }

  @Nested
  class Lock {

    @Test
    void aHeldLockSkipsTheRunAndTouchesNothing() {
      insertRows(3, 2);
      lock.heldBy("other-process");

      CleanupReport skipped = service().runCleanup(request(90));

      assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED_LOCKED);
      assertThat(skipped.success()).isFalse();
      assertThat(skipped.error()).contains("another cleanup");
      assertThat(skipped.recordsDeleted()).isZero();
      assertThat(store.rows()).hasSize(5);
      assertThat(store.inspectCalls).isZero();
      assertThat(journal.untouched()).isTrue();
      assertThat(journal.interruptedChecks).isEmpty();
      assertThat(lock.isHeld()).as("the other process keeps its lock").isTrue();
      assertThat(listener.finished).containsExactly(skipped);
    }

    @Test
    void theLockIsReleasedAfterEveryKindOfEnding() {
      insertRows(3, 2);
      service().runCleanup(request(90));
      assertThat(lock.isHeld()).isFalse();

      store.failAtBatch(1, new IllegalStateException("disk I/O error"));
      insertRows(3, 0);
      service().runCleanup(request(90));
      assertThat(lock.isHeld()).isFalse();

      journal.failOnStart(new IllegalStateException("journal down"));
      service().runCleanup(request(90));
      assertThat(lock.isHeld()).isFalse();
      assertThat(lock.releases).isEqualTo(3);
    }

    @Test
    void aLockThatCannotBeReleasedLeavesTheJournaledOutcomeAsItIs() {
      insertRows(3, 2);
      lock.failingToRelease();

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.recordsDeleted()).isEqualTo(3);
      assertThat(journal.entries()).hasSize(1);
      assertThat(journal.entries().get(0).success()).as("report and audit row agree").isTrue();
      assertThat(listener.releaseFailures).hasSize(1);
      assertThat(listener.releaseFailures.get(0))
          .startsWith(report.runId() + ": ")
          .contains("connection reset while unlocking");
      assertThat(listener.finished).containsExactly(report);
    }

    @Test
    void aLockThatCannotBeReleasedDoesNotHideTheFailureThatEndedTheRun() {
      insertRows(3, 2);
      lock.failingToRelease();
      store.failAtBatch(1, new IllegalStateException("disk I/O error"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("disk I/O error").doesNotContain("unlocking");
      assertThat(journal.entries().get(0).success()).isFalse();
      assertThat(listener.releaseFailures).hasSize(1);
    }

    @Test
    void aLockThatCannotBeAskedFailsTheRunWithoutThrowing() {
      CleanupLock broken =
          runId -> {
            throw new IllegalStateException("connection refused");
          };
      RunCleanupService service =
          new RunCleanupService(store, journal, broken, listener, clock, () -> "run-x");

      CleanupReport report = service.runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("connection refused");
      assertThat(journal.untouched()).isTrue();
      assertThat(listener.finished).containsExactly(report);
    }
  }

  @Nested
  class Failures {

    @Test
    void aFailureAtBatchNIsAFailedReportCountingTheEarlierBatches() {
      insertRows(10, 3);
      store.failAtBatch(3, new IllegalStateException("database is locked"));

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.success()).isFalse();
      assertThat(report.batches()).isEqualTo(2);
      assertThat(report.recordsDeleted()).isEqualTo(4);
      assertThat(report.recordsBefore()).isEqualTo(13);
      assertThat(report.recordsRemaining()).isEqualTo(9).isEqualTo(store.rows().size());
      assertThat(report.error()).contains("IllegalStateException").contains("database is locked");
      JournalEntry entry = journal.entries().get(0);
      assertThat(entry.success()).isFalse();
      assertThat(entry.status()).isEqualTo("failed");
      assertThat(entry.recordsDeleted()).isEqualTo(4L);
      assertThat(entry.errorMessage()).contains("database is locked");
      assertThat(journal.inFlight()).isEmpty();
      assertThat(store.sweepsClosed).isEqualTo(1);
      assertThat(listener.finished).containsExactly(report);
    }

    @Test
    void aFailureOnTheFirstBatchDeletesAndCountsNothing() {
      insertRows(4, 1);
      store.failAtBatch(1, new IllegalStateException("no such column: processed_at"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.recordsDeleted()).isZero();
      assertThat(report.batches()).isZero();
      assertThat(report.recordsRemaining()).isEqualTo(5);
      assertThat(journal.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.success()).isFalse());
    }

    @Test
    void aFailingInspectionIsJournaledAsAFailure() {
      store.failInspect(new IllegalStateException("no such table: processed_generations"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("no such table");
      assertThat(journal.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.success()).isFalse());
    }

    @Test
    void errorMessagesCarryNoSecrets() {
      insertRows(4, 1);
      RuntimeException cause =
          new IllegalStateException(
              "FATAL: password authentication failed; url=postgresql://mai:s3cr3t-pw@db.internal:5432/mai");
      store.failAtBatch(1, new RuntimeException("could not connect (password=hunter2)", cause));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error())
          .doesNotContain("s3cr3t-pw")
          .doesNotContain("hunter2")
          .contains("postgresql://mai:***@db.internal:5432/mai")
          .contains("password=***")
          .contains("password authentication failed");
      assertThat(journal.entries().get(0).errorMessage())
          .doesNotContain("s3cr3t-pw")
          .doesNotContain("hunter2");
    }

    @Test
    void errorMessagesAreBoundedAndOnOneLine() {
      insertRows(4, 1);
      store.failAtBatch(1, new IllegalStateException("line one\nline two\n" + "x".repeat(20_000)));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.error()).hasSizeLessThanOrEqualTo(FailureMessages.MAX_LENGTH);
      assertThat(report.error()).doesNotContain("\n").contains("line one line two");
      assertThat(journal.entries().get(0).errorMessage())
          .hasSizeLessThanOrEqualTo(FailureMessages.MAX_LENGTH);
    }

    @Test
    void aJournalThatCannotWriteTheAuditRowIsReportedButTheDeletesStand() {
      insertRows(3, 2);
      journal.failOnFinish(new IllegalStateException("disk full"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("could not journal the run").contains("disk full");
      assertThat(report.recordsDeleted()).isEqualTo(3);
      assertThat(store.rows()).hasSize(2);
      assertThat(listener.finished).containsExactly(report);
    }

    @Test
    void aJournalFailureAfterADeleteFailureKeepsBothMessages() {
      insertRows(3, 2);
      store.failAtBatch(1, new IllegalStateException("database is locked"));
      journal.failOnFinish(new IllegalStateException("disk full"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error())
          .startsWith("could not journal the run: IllegalStateException: disk full")
          .contains("; the run had failed: ")
          .contains("database is locked");
    }

    @Test
    void thatTheRunIsNotJournaledIsNeverCutOffByALongFailure() {
      insertRows(3, 2);
      store.failAtBatch(1, new IllegalStateException("x".repeat(FailureMessages.MAX_LENGTH * 2)));
      journal.failOnFinish(new IllegalStateException("disk full"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.error())
          .startsWith("could not journal the run: IllegalStateException: disk full")
          .hasSizeLessThanOrEqualTo(FailureMessages.MAX_LENGTH);
    }

    @Test
    void aJournalThatCannotStartFailsTheRunBeforeAnythingIsDeleted() {
      insertRows(3, 2);
      journal.failOnStart(new IllegalStateException("read-only database"));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("nothing was deleted").contains("read-only database");
      assertThat(store.rows()).hasSize(5);
      assertThat(store.sweepsOpened).isZero();
      assertThat(listener.finished).as("metrics see this failure too").containsExactly(report);
    }

    @Test
    void aBatchWhoseCheckpointFailsIsNotDeletedAndTheRunCountsOnlyCommittedBatches() {
      insertRows(6, 2);
      journal.failOnProgress(2, new IllegalStateException("journal connection lost"));

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(report.status()).isEqualTo(RunStatus.FAILED);
      assertThat(report.error()).contains("journal connection lost");
      // The second batch and its checkpoint were one transaction: neither happened.
      assertThat(report.recordsDeleted()).isEqualTo(2);
      assertThat(report.batches()).isEqualTo(1);
      assertThat(store.rows()).hasSize(6);
      assertThat(journal.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.recordsDeleted()).isEqualTo(2L));
    }

    @Test
    void everyCommittedBatchIsInTheMarkerBeforeTheRunCountsIt() {
      insertRows(7, 2);

      CleanupReport report = service().runCleanup(request(90, 3));

      assertThat(journal.progress)
          .extracting(CleanupReport::recordsDeleted)
          .containsExactly(3L, 6L, 7L);
      assertThat(journal.progress).extracting(CleanupReport::batches).containsExactly(1, 2, 3);
      assertThat(report.recordsDeleted()).isEqualTo(7);
    }

    @Test
    void aFailingDryRunIsReportedNotThrown() {
      store.failInspect(new IllegalStateException("no such table: processed_generations"));

      CleanupReport preview = service().runCleanup(request(90).asDryRun());

      assertThat(preview.status()).isEqualTo(RunStatus.FAILED);
      assertThat(preview.dryRun()).isTrue();
      assertThat(preview.error()).contains("no such table");
      assertThat(journal.untouched()).isTrue();
      assertThat(listener.finished).containsExactly(preview);
    }
  }

  @Nested
  class Interruption {

    @Test
    void aStopSignalEndsTheRunAfterTheBatchInFlight() {
      insertRows(10, 2);
      AtomicInteger polls = new AtomicInteger();
      BooleanSupplier stopOnThirdPoll = () -> polls.incrementAndGet() >= 3;

      CleanupReport report = service().runCleanup(request(90, 2).withStopSignal(stopOnThirdPoll));

      assertThat(report.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(report.success()).isFalse();
      assertThat(report.batches()).isEqualTo(2);
      assertThat(report.recordsDeleted()).isEqualTo(4);
      assertThat(report.recordsRemaining()).isEqualTo(8).isEqualTo(store.rows().size());
      assertThat(report.error()).contains("interrupted");
      JournalEntry entry = journal.entries().get(0);
      assertThat(entry.status()).isEqualTo("interrupted");
      assertThat(entry.success()).isFalse();
      assertThat(entry.recordsDeleted()).isEqualTo(4L);
      assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void aStopSignalBeforeTheFirstBatchDeletesNothingButIsJournaled() {
      insertRows(3, 2);

      CleanupReport report = service().runCleanup(request(90).withStopSignal(() -> true));

      assertThat(report.status()).isEqualTo(RunStatus.INTERRUPTED);
      assertThat(report.recordsDeleted()).isZero();
      assertThat(store.rows()).hasSize(5);
      assertThat(journal.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.success()).isFalse());
    }

    @Test
    void anInterruptedThreadStopsTheRunToo() {
      insertRows(3, 2);
      Thread.currentThread().interrupt();
      try {
        CleanupReport report = service().runCleanup(request(90));

        assertThat(report.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(store.rows()).hasSize(5);
      } finally {
        Thread.interrupted();
      }
    }

    @Test
    void runsLeftBehindByADeadProcessAreJournaledAndReported() {
      insertRows(3, 2);
      CleanupReport dead = inFlightReport("run-dead");
      journal.recordStart(dead);
      clock.advance(Duration.ofHours(1));

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(journal.interruptedChecks).containsExactly(NOW.plus(Duration.ofHours(1)));
      assertThat(listener.interrupted).extracting(JournalEntry::runId).containsExactly("run-dead");
      assertThat(listener.events.get(0)).isEqualTo("interrupted-found");
      assertThat(journal.entries())
          .extracting(JournalEntry::runId, JournalEntry::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("run-dead", "interrupted"),
              org.assertj.core.groups.Tuple.tuple("run-1", "succeeded"));
    }
  }

  /** A report of a run that was in flight when its process died. */
  static CleanupReport inFlightReport(String runId) {
    return new CleanupReport(
        runId,
        CleanupTrigger.SCHEDULED,
        RunStatus.SUCCEEDED,
        false,
        RetentionPolicy.ofDays(90).criteriaAt(NOW.minus(Duration.ofDays(1))),
        NOW.minus(Duration.ofDays(1)),
        Duration.ofSeconds(3),
        100,
        40,
        80,
        ai.mai.retention.core.domain.OrganizationBreakdown.builder()
            .add("org-a", new OrganizationTotals(20, 200, new BigDecimal("0.2")))
            .build(),
        2,
        null);
  }

  @Nested
  class Guards {

    @Test
    void aRunThatWouldDeleteEveryRowIsRefusedAndJournaled() {
      insertRows(4, 0);

      CleanupReport report = service().runCleanup(request(90));

      assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
      assertThat(report.success()).isFalse();
      assertThat(report.error())
          .contains("every row")
          .contains("4 of 4")
          .contains("--allow-full-wipe");
      assertThat(report.recordsDeleted()).isZero();
      assertThat(report.recordsBefore()).isEqualTo(4);
      assertThat(report.recordsExpired()).isEqualTo(4);
      assertThat(report.recordsRemaining()).isEqualTo(4);
      assertThat(store.rows()).hasSize(4);
      assertThat(store.sweepsOpened).isZero();
      JournalEntry entry = journal.entries().get(0);
      assertThat(entry.success()).isFalse();
      assertThat(entry.status()).isEqualTo("refused");
      assertThat(entry.errorMessage()).contains("every row");
      assertThat(listener.starting).isEmpty();
      assertThat(listener.finished).containsExactly(report);
    }

    @Test
    void aFullWipeIsAllowedWhenAskedFor() {
      insertRows(4, 0);

      CleanupReport report = service().runCleanup(withGuards(request(90), allowWipe()));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.recordsDeleted()).isEqualTo(4);
      assertThat(store.rows()).isEmpty();
    }

    @Test
    void moreThanTheMaximumFractionIsRefused() {
      insertRows(6, 4);
      CleanupGuards atMostHalf = new CleanupGuards(false, Optional.of(0.5));

      CleanupReport report = service().runCleanup(withGuards(request(90), atMostHalf));

      assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
      assertThat(report.error())
          .contains("6 of 10")
          .contains("60.00%")
          .contains("allowed share 0.5")
          .contains("CLEANUP_MAX_DELETE_FRACTION");
      assertThat(store.rows()).hasSize(10);
      assertThat(journal.entries())
          .singleElement()
          .satisfies(e -> assertThat(e.success()).isFalse());
    }

    @Test
    void exactlyTheMaximumFractionIsAllowed() {
      insertRows(5, 5);
      CleanupGuards atMostHalf = new CleanupGuards(false, Optional.of(0.5));

      CleanupReport report = service().runCleanup(withGuards(request(90), atMostHalf));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.recordsDeleted()).isEqualTo(5);
    }

    @Test
    void processedAtInMillisecondsIsRefusedWithAMessageSayingSo() {
      // Python's time.time() * 1000 by mistake: nothing looks expired, but the clock is wrong.
      store.insert(
          StoredRow.of("ms-1", "org-a", NOW.toEpochMilli()),
          StoredRow.of("ms-2", "org-a", NOW.minus(Duration.ofDays(200)).toEpochMilli()),
          StoredRow.of("s-1", "org-a", daysAgo(200)));

      CleanupReport report = service().runCleanup(withGuards(request(90), allowWipe()));

      assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
      assertThat(report.error())
          .contains("milliseconds")
          .contains("epoch seconds")
          .contains(Long.toString(NOW.toEpochMilli()));
      assertThat(store.rows()).hasSize(3);
      assertThat(journal.entries().get(0).errorMessage()).contains("milliseconds");
    }

    @Test
    void aThrowingListenerDoesNotFailTheRun() {
      insertRows(5, 2);
      listener.throwing();
      journal.recordStart(inFlightReport("run-dead"));

      CleanupReport report = service().runCleanup(request(90, 2));

      assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(report.recordsDeleted()).isEqualTo(5);
      assertThat(listener.events)
          .containsExactly("interrupted-found", "starting", "batch", "batch", "batch", "finished");
      assertThat(journal.entries()).extracting(JournalEntry::success).containsExactly(false, true);
    }

    @Test
    void aThrowingListenerDoesNotFailSkippedOrPreviewRuns() {
      insertRows(5, 2);
      listener.throwing();

      assertThat(service().runCleanup(request(90).asDryRun()).status())
          .isEqualTo(RunStatus.DRY_RUN);
      lock.heldBy("other");
      assertThat(service().runCleanup(request(90)).status()).isEqualTo(RunStatus.SKIPPED_LOCKED);
    }
  }

  @Test
  void anErrorIsReportedNotThrownAndTheNextRunJournalsItAsInterrupted() {
    insertRows(8, 2);
    store.failAtBatch(2, new StackOverflowError("deep recursion in a driver"));

    CleanupReport crashed = service().runCleanup(request(90, 2));

    assertThat(crashed.status()).isEqualTo(RunStatus.FAILED);
    assertThat(crashed.error()).contains("StackOverflowError");
    assertThat(lock.isHeld()).isFalse();
    assertThat(journal.inFlight()).containsOnlyKeys("run-1");

    CleanupReport next = service().runCleanup(request(90, 2));

    assertThat(next.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(listener.interrupted).extracting(JournalEntry::runId).containsExactly("run-1");
    assertThat(journal.entries())
        .extracting(JournalEntry::runId, JournalEntry::recordsDeleted)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("run-1", 2L),
            org.assertj.core.groups.Tuple.tuple("run-2", 6L));
  }

  static CleanupGuards allowWipe() {
    return new CleanupGuards(true, Optional.empty());
  }
}
