package ai.mai.retention.core.service;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import ai.mai.retention.core.port.out.TableStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * A real run's storage: measured once it holds the lock, measured again when it has ended, and in
 * between, after a successful run and when asked for, the space given back. Nothing here fails a
 * run: the deletes stand whatever the measuring or the vacuum does, and a problem becomes a note in
 * the report.
 */
final class StorageAccounting {

  /** No storage port: reports carry no storage figures. */
  static final StorageAccounting NONE = new StorageAccounting(null, VacuumMode.OFF, null);

  private final TableStorage storage;
  private final VacuumMode vacuum;
  private final Clock clock;

  StorageAccounting(TableStorage storage, VacuumMode vacuum, Clock clock) {
    this.storage = storage;
    this.vacuum = vacuum == null ? VacuumMode.OFF : vacuum;
    this.clock = clock;
  }

  /** The figures before a run deletes anything. */
  Before before() {
    if (storage == null) {
      return new Before(Optional.empty(), null);
    }
    try {
      return new Before(Optional.of(storage.measure()), null);
    } catch (RuntimeException failure) {
      return new Before(Optional.empty(), "before the run: " + FailureMessages.describe(failure));
    }
  }

  /**
   * {@code report} with its storage: measured again, after giving space back when the run succeeded
   * and a vacuum was asked for.
   */
  CleanupReport after(Before before, CleanupReport report, BooleanSupplier stopRequested) {
    if (storage == null) {
      return report;
    }
    List<String> problems = new ArrayList<>();
    if (before.problem != null) {
      problems.add(before.problem);
    }
    Optional<StorageFigures> after = measure("after the run", problems);
    Optional<VacuumOutcome> vacuumed = Optional.empty();
    if (vacuum != VacuumMode.OFF && report.status() == RunStatus.SUCCEEDED && after.isPresent()) {
      Instant started = clock.instant();
      TableStorage.VacuumResult result;
      try {
        result =
            stopRequested.getAsBoolean()
                ? TableStorage.VacuumResult.notPerformed("not started: the process is stopping")
                : storage.vacuum(vacuum, stopRequested);
      } catch (RuntimeException failure) {
        result =
            TableStorage.VacuumResult.notPerformed("failed: " + FailureMessages.describe(failure));
      }
      Duration took = Duration.between(started, clock.instant());
      Optional<StorageFigures> afterVacuum = measure("after the vacuum", problems);
      long returned =
          afterVacuum.isPresent() ? after.get().bytes() - afterVacuum.get().bytes() : 0L;
      vacuumed =
          Optional.of(new VacuumOutcome(vacuum, result.performed(), returned, took, result.note()));
      if (afterVacuum.isPresent()) {
        after = afterVacuum;
      }
    }
    Optional<String> problem =
        problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    return report.withStorage(new StorageReport(before.figures, after, vacuumed, problem));
  }

  private Optional<StorageFigures> measure(String when, List<String> problems) {
    try {
      return Optional.of(storage.measure());
    } catch (RuntimeException failure) {
      problems.add(when + ": " + FailureMessages.describe(failure));
      return Optional.empty();
    }
  }

  /** The figures taken before a run, or why there are none. */
  record Before(Optional<StorageFigures> figures, String problem) {}
}
