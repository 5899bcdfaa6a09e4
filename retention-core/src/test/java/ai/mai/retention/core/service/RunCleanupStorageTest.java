package ai.mai.retention.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.TableStorage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The run service with a storage port: measured before and after, vacuum only after success. */
class RunCleanupStorageTest {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final long DAY = 86_400L;

  InMemoryExpiredRecordStore store;
  InMemoryCleanupJournal journal;
  InMemoryCleanupLock lock;
  RecordingCleanupListener listener;
  TestClock clock;
  FileLikeStorage storage;

  @BeforeEach
  void setUp() {
    store = new InMemoryExpiredRecordStore();
    journal = new InMemoryCleanupJournal();
    lock = new InMemoryCleanupLock();
    listener = new RecordingCleanupListener();
    clock = new TestClock(NOW);
    storage = new FileLikeStorage();
    for (int i = 0; i < 30; i++) {
      store.insert(StoredRow.of("old-" + i, "org-a", NOW.getEpochSecond() - (100 + i) * DAY));
    }
    for (int i = 0; i < 10; i++) {
      store.insert(StoredRow.of("new-" + i, "org-a", NOW.getEpochSecond() - i * DAY));
    }
  }

  /**
   * Storage shaped like a SQLite file of 100-byte pages, one row per page: a deleted row's page
   * goes to the free list, and a vacuum gives free pages back. Each vacuum takes 3 s of the test
   * clock.
   */
  final class FileLikeStorage implements TableStorage {
    long pages = 40;
    final List<String> calls = new ArrayList<>();
    int measures;
    int failOnMeasure = -1;
    RuntimeException vacuumFailure;

    @Override
    public StorageFigures measure() {
      measures++;
      calls.add("measure");
      if (measures == failOnMeasure) {
        throw new IllegalStateException("disk I/O error");
      }
      long free = pages - store.countRecords();
      return new StorageFigures(
          pages * 100,
          OptionalLong.of(free * 100),
          OptionalLong.empty(),
          Map.of("page_count", pages, "freelist_count", free));
    }

    @Override
    public VacuumResult vacuum(VacuumMode mode, BooleanSupplier stopRequested) {
      calls.add("vacuum " + mode.label());
      clock.advance(Duration.ofSeconds(3));
      if (vacuumFailure != null) {
        throw vacuumFailure;
      }
      pages = store.countRecords();
      return VacuumResult.done();
    }
  }

  RunCleanupService service(VacuumMode vacuum) {
    return new RunCleanupService(store, journal, lock, listener, clock)
        .withStorage(storage, vacuum);
  }

  static CleanupRequest request() {
    return CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL);
  }

  @Test
  void aRunIsMeasuredBeforeItsFirstDeleteAndAfterItsLast() {
    CleanupReport report = service(VacuumMode.OFF).runCleanup(request());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    StorageReport measured = report.storage().orElseThrow();
    assertThat(measured.before().orElseThrow().bytes()).isEqualTo(4_000);
    assertThat(measured.before().orElseThrow().reusableBytes()).hasValue(0);
    assertThat(measured.after().orElseThrow().bytes()).isEqualTo(4_000);
    assertThat(measured.after().orElseThrow().reusableBytes()).hasValue(3_000);
    assertThat(measured.after().orElseThrow().reported()).containsEntry("freelist_count", 30L);
    assertThat(measured.bytesChange()).hasValue(0);
    assertThat(measured.vacuum()).isEmpty();
    assertThat(measured.problem()).isEmpty();
    assertThat(storage.calls).containsExactly("measure", "measure");
    // The audit row and the listeners get the same figures as the caller.
    assertThat(journal.finishes).hasSize(1);
    assertThat(journal.finishes.get(0).storage()).contains(measured);
    assertThat(listener.finished.get(0).storage()).contains(measured);
    // The Python service's estimate stays as it was.
    assertThat(report.storageSavedKb()).isEqualTo(2.93);
  }

  @Test
  void aVacuumAfterASuccessfulRunReportsTheBytesItReturnedAndItsTime() {
    CleanupReport report = service(VacuumMode.ONLINE).runCleanup(request());

    StorageReport measured = report.storage().orElseThrow();
    VacuumOutcome vacuum = measured.vacuum().orElseThrow();
    assertThat(vacuum.mode()).isEqualTo(VacuumMode.ONLINE);
    assertThat(vacuum.performed()).isTrue();
    assertThat(vacuum.bytesReturned()).isEqualTo(3_000);
    assertThat(vacuum.duration()).isEqualTo(Duration.ofSeconds(3));
    assertThat(measured.after().orElseThrow().bytes()).isEqualTo(1_000);
    assertThat(measured.bytesChange()).hasValue(-3_000);
    assertThat(storage.calls).containsExactly("measure", "measure", "vacuum online", "measure");
    assertThat(journal.finishes.get(0).storage()).contains(measured);
    assertThat(report.duration())
        .as("the run's own duration ends before the vacuum")
        .isEqualTo(Duration.ZERO);
  }

  @Test
  void aRefusedRunIsMeasuredButNeverVacuumed() {
    CleanupRequest guarded =
        new CleanupRequest(
            RetentionPolicy.ofDays(90),
            CleanupTrigger.MANUAL,
            false,
            OptionalInt.empty(),
            new CleanupGuards(false, Optional.of(0.1)),
            null);

    CleanupReport report = service(VacuumMode.FULL).runCleanup(guarded);

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.storage().orElseThrow().before()).isPresent();
    assertThat(report.storage().orElseThrow().vacuum()).isEmpty();
    assertThat(storage.calls).containsExactly("measure", "measure");
  }

  @Test
  void aFailedRunIsMeasuredButNeverVacuumed() {
    store.failAtBatch(1, new IllegalStateException("database is locked"));

    CleanupReport report = service(VacuumMode.ONLINE).runCleanup(request());

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.storage().orElseThrow().after()).isPresent();
    assertThat(storage.calls).doesNotContain("vacuum online");
  }

  @Test
  void previewsAndSkippedRunsAreNotMeasured() {
    CleanupReport preview = service(VacuumMode.FULL).runCleanup(request().asDryRun());
    try (var held = lock.tryAcquire("another").orElseThrow()) {
      CleanupReport skipped = service(VacuumMode.FULL).runCleanup(request());
      assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED_LOCKED);
      assertThat(skipped.storage()).isEmpty();
    }
    assertThat(preview.storage()).isEmpty();
    assertThat(storage.calls).isEmpty();
  }

  @Test
  void aMeasurementThatFailsIsANoteAndTheRunStillSucceeds() {
    storage.failOnMeasure = 1;

    CleanupReport report = service(VacuumMode.OFF).runCleanup(request());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.recordsDeleted()).isEqualTo(30);
    StorageReport measured = report.storage().orElseThrow();
    assertThat(measured.before()).isEmpty();
    assertThat(measured.after()).isPresent();
    assertThat(measured.bytesChange()).isEmpty();
    assertThat(measured.problem())
        .hasValueSatisfying(
            p -> assertThat(p).contains("before the run").contains("disk I/O error"));
    assertThat(journal.entries().get(0).success()).isTrue();
  }

  @Test
  void aVacuumThatFailsIsNotedAndTheRunStillSucceeds() {
    storage.vacuumFailure = new IllegalStateException("database or disk is full");

    CleanupReport report = service(VacuumMode.FULL).runCleanup(request());

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    VacuumOutcome vacuum = report.storage().orElseThrow().vacuum().orElseThrow();
    assertThat(vacuum.performed()).isFalse();
    assertThat(vacuum.bytesReturned()).isZero();
    assertThat(vacuum.note()).contains("failed").contains("disk is full");
    assertThat(store.remainingIds()).hasSize(10);
  }

  @Test
  void aRunWhoseProcessIsStoppingAfterItsLastBatchStartsNoVacuum() {
    java.util.concurrent.atomic.AtomicBoolean stopping =
        new java.util.concurrent.atomic.AtomicBoolean();
    CleanupRequest request =
        request()
            .withStopSignal(
                () -> {
                  // The sweep asks before each batch; the vacuum is asked after the last.
                  boolean asked = stopping.get();
                  if (store.countRecords() == 10) {
                    stopping.set(true);
                  }
                  return asked;
                });

    CleanupReport report = service(VacuumMode.FULL).runCleanup(request);

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    VacuumOutcome vacuum = report.storage().orElseThrow().vacuum().orElseThrow();
    assertThat(vacuum.performed()).isFalse();
    assertThat(vacuum.note()).contains("stopping");
    assertThat(storage.calls).doesNotContain("vacuum full");
  }

  @Test
  void withoutAStoragePortReportsCarryNoStorage() {
    CleanupReport report =
        new RunCleanupService(store, journal, lock, listener, clock).runCleanup(request());

    assertThat(report.storage()).isEmpty();
    assertThat(storage.calls).isEmpty();
  }
}
