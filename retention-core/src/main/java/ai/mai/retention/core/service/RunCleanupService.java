package ai.mai.retention.core.service;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.Durations;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import ai.mai.retention.core.port.out.ArchiveUnavailableException;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.port.out.TableStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One cleanup: lock, journal the start, snapshot, check the guards, delete batch by batch, journal
 * the end. Failures become reports; nothing is thrown at the caller (often a scheduler thread).
 */
public final class RunCleanupService implements RunCleanupUseCase {

  private final ExpiredRecordStore store;
  private final CleanupJournal journal;
  private final CleanupLock lock;
  private final CleanupListener listener;
  private final Clock clock;
  private final Supplier<String> runIds;
  private final StorageAccounting storage;
  private final RowArchive archive;

  public RunCleanupService(
      ExpiredRecordStore store,
      CleanupJournal journal,
      CleanupLock lock,
      CleanupListener listener,
      Clock clock) {
    this(store, journal, lock, listener, clock, () -> UUID.randomUUID().toString());
  }

  RunCleanupService(
      ExpiredRecordStore store,
      CleanupJournal journal,
      CleanupLock lock,
      CleanupListener listener,
      Clock clock,
      Supplier<String> runIds) {
    this.store = store;
    this.journal = journal;
    this.lock = lock;
    this.listener = listener == null ? CleanupListener.NONE : listener;
    this.clock = clock;
    this.runIds = runIds;
    this.storage = StorageAccounting.NONE;
    this.archive = null;
  }

  private RunCleanupService(
      RunCleanupService service, StorageAccounting storage, RowArchive archive) {
    this.store = service.store;
    this.journal = service.journal;
    this.lock = service.lock;
    this.listener = service.listener;
    this.clock = service.clock;
    this.runIds = service.runIds;
    this.storage = storage;
    this.archive = archive;
  }

  /**
   * This service, also measuring the table's storage before and after every real run (into the
   * report and its audit row) and, unless {@code vacuum} is {@link VacuumMode#OFF}, giving space
   * back after a successful one while the run lock is still held.
   */
  public RunCleanupService withStorage(TableStorage tableStorage, VacuumMode vacuum) {
    if (tableStorage == null) {
      throw new IllegalArgumentException("tableStorage is required");
    }
    return new RunCleanupService(this, new StorageAccounting(tableStorage, vacuum, clock), archive);
  }

  /**
   * This service, keeping every row a real run deletes in {@code rowArchive} before deleting it (in
   * each batch's transaction). A run whose archive cannot be opened refuses before its first
   * delete; one whose archive fails during a batch stops there, with what earlier batches deleted.
   *
   * @param rowArchive where the rows go; null keeps nothing
   */
  public RunCleanupService withArchive(RowArchive rowArchive) {
    return new RunCleanupService(this, storage, rowArchive);
  }

  @Override
  public CleanupReport runCleanup(CleanupRequest request) {
    Run run = new Run(request, runIds.get(), clock.instant());
    CleanupReport report;
    try {
      report = request.dryRun() ? preview(run) : execute(run);
    } catch (RuntimeException | Error unexpected) {
      // Last line of defence: a report, never an exception into a scheduler thread.
      report = run.finish(RunStatus.FAILED, FailureMessages.describe(unexpected));
    }
    // One place, so that every ending (also a failed lock or journal start) reaches metrics.
    CleanupReport finished = report;
    notify(() -> listener.runFinished(finished));
    return finished;
  }

  private CleanupReport preview(Run run) {
    TableSnapshot snapshot = store.inspect(run.criteria);
    run.snapshot(snapshot);
    run.deleted = snapshot.expired();
    run.remaining = snapshot.totalRecords() - snapshot.expiredRecords();
    String wouldRefuse =
        run.request
            .guards()
            .refusalReason(snapshot, run.criteria)
            .map(reason -> "would refuse: " + reason)
            .orElse(null);
    return run.finish(RunStatus.DRY_RUN, wouldRefuse);
  }

  private CleanupReport execute(Run run) {
    Optional<CleanupLock.Lease> acquired = lock.tryAcquire(run.id);
    if (acquired.isEmpty()) {
      return run.finish(
          RunStatus.SKIPPED_LOCKED, "another cleanup is running on this database; skipped");
    }
    CleanupLock.Lease lease = acquired.get();
    CleanupReport report;
    try {
      for (JournalEntry interrupted : journal.closeInterruptedRuns(clock.instant())) {
        notify(() -> listener.interruptedRunFound(interrupted));
      }
      try {
        journal.recordStart(run.report(RunStatus.RUNNING, null));
      } catch (RuntimeException cannotJournal) {
        // No audit row could record what this run deletes: delete nothing. The journal left no
        // marker either, so the next run is not blocked by this one.
        return run.finish(
            RunStatus.FAILED,
            "nothing was deleted, because the run could not be journaled: "
                + FailureMessages.describe(cannotJournal));
      }
      report = deleteJournaled(run, lease);
    } finally {
      release(lease, run);
    }
    return report;
  }

  /**
   * A lock that cannot be released does not change how the run ended: its audit row is written, and
   * the report must agree with it. The lock dies with its session or lease; say so and go on.
   */
  private void release(CleanupLock.Lease lease, Run run) {
    try {
      lease.close();
    } catch (RuntimeException failure) {
      String reason = FailureMessages.describe(failure);
      notify(() -> listener.lockReleaseFailed(run.id, reason));
    }
  }

  /** The run after its start is journaled: whatever happens, it ends with one audit row. */
  private CleanupReport deleteJournaled(Run run, CleanupLock.Lease lease) {
    StorageAccounting.Before storageBefore = storage.before();
    CleanupReport report;
    try {
      report = deleteInBatches(run, lease);
    } catch (RuntimeException failure) {
      run.remaining = countAfterFailure(run);
      report = run.finish(RunStatus.FAILED, FailureMessages.describe(failure));
    }
    report = finishArchive(run, report);
    report = storage.after(storageBefore, report, run.request.stopRequested());
    try {
      journal.recordFinish(report);
    } catch (RuntimeException journalFailure) {
      // The deletes stand; say loudly that the audit row is missing, first, so that no length
      // limit cuts it off.
      String missing = "could not journal the run: " + FailureMessages.describe(journalFailure);
      report =
          report.withOutcome(
              RunStatus.FAILED,
              FailureMessages.sanitize(
                  report.error() == null
                      ? missing
                      : missing
                          + "; the run had "
                          + report.status().label()
                          + ": "
                          + report.error()));
    }
    return report;
  }

  /** The run's archive ended (a file's manifest written) and recorded in its report. */
  private CleanupReport finishArchive(Run run, CleanupReport report) {
    RowArchive.Writer writer = run.archive;
    if (!writer.active()) {
      return report;
    }
    try (writer) {
      return report.withArchive(writer.finish(report));
    } catch (RuntimeException unexpected) {
      // finish() reports its problems; anything else must not undo the run's account either.
      return report;
    }
  }

  private CleanupReport deleteInBatches(Run run, CleanupLock.Lease lease) {
    TableSnapshot snapshot = store.inspect(run.criteria);
    run.snapshot(snapshot);
    Optional<String> refusal = run.request.guards().refusalReason(snapshot, run.criteria);
    if (refusal.isPresent()) {
      run.remaining = snapshot.totalRecords();
      return run.finish(RunStatus.REFUSED, refusal.get());
    }
    if (archive != null) {
      try {
        run.archive =
            archive.open(new RowArchive.Run(run.id, run.criteria, snapshot.expiredRecords()));
      } catch (ArchiveUnavailableException unavailable) {
        run.remaining = snapshot.totalRecords();
        String reason = FailureMessages.sanitize(unavailable.getMessage());
        return run.finish(
                RunStatus.REFUSED,
                "the archive "
                    + archive.target()
                    + " cannot take this run's rows, so nothing was"
                    + " deleted: "
                    + reason)
            .withArchive(ArchiveReport.empty(archive.target(), reason));
      }
    }
    notify(() -> listener.runStarting(run.report(RunStatus.RUNNING, null)));
    try (ExpiredRecordStore.Sweep sweep =
        store.openSweep(
            run.criteria,
            snapshot,
            run.request.batchSize(),
            batch -> Optional.of(run.progressWith(batch)),
            run.archive)) {
      while (true) {
        if (run.request.stopRequested().getAsBoolean() || Thread.currentThread().isInterrupted()) {
          run.remaining = store.countRecords();
          return run.finish(
              RunStatus.INTERRUPTED,
              "interrupted by shutdown after "
                  + run.batches
                  + " batches; the rest waits for the next run");
        }
        if (run.budgetSpent()) {
          run.remaining = store.countRecords();
          return run.stoppedAtBudget();
        }
        Optional<OrganizationBreakdown> batch;
        try {
          batch = sweep.deleteNextBatch();
        } catch (RuntimeException failure) {
          run.archive.batchFailed();
          throw failure;
        }
        if (batch.isEmpty()) {
          break;
        }
        // The batch and its checkpoint (the marker) have committed together: count it.
        run.archive.batchCommitted(batch.get().records());
        run.deleted = run.deleted.plus(batch.get());
        run.batches++;
        run.remaining = Math.max(0, run.recordsBefore - run.deleted.records());
        lease.keepAlive();
        CleanupReport progress = run.report(RunStatus.RUNNING, null);
        notify(() -> listener.batchCommitted(progress));
      }
    }
    run.remaining = store.countRecords();
    return run.finish(RunStatus.SUCCEEDED, null);
  }

  private long countAfterFailure(Run run) {
    try {
      return store.countRecords();
    } catch (RuntimeException unavailable) {
      return Math.max(0, run.recordsBefore - run.deleted.records());
    }
  }

  private static void notify(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException ignored) {
      // A broken progress bar or metric must not fail a cleanup.
    }
  }

  /** The mutable state of one run; reports are immutable snapshots of it. */
  private final class Run {
    final CleanupRequest request;
    final String id;
    final Instant startedAt;
    final CleanupCriteria criteria;
    long recordsBefore;
    long recordsExpired;
    long remaining;
    OrganizationBreakdown deleted = OrganizationBreakdown.EMPTY;
    int batches;
    RowArchive.Writer archive = RowArchive.Writer.NONE;

    Run(CleanupRequest request, String id, Instant startedAt) {
      this.request = request;
      this.id = id;
      this.startedAt = startedAt;
      this.criteria = request.policy().criteriaAt(startedAt);
    }

    void snapshot(TableSnapshot snapshot) {
      recordsBefore = snapshot.totalRecords();
      recordsExpired = snapshot.expiredRecords();
      remaining = recordsBefore;
    }

    CleanupReport report(RunStatus status, String error) {
      return new CleanupReport(
          id,
          request.trigger(),
          status,
          request.dryRun(),
          criteria,
          startedAt,
          Duration.between(startedAt, clock.instant()),
          recordsBefore,
          recordsExpired,
          remaining,
          deleted,
          batches,
          error == null ? null : FailureMessages.sanitize(error));
    }

    /**
     * Whether the request's time budget is spent. A run always gets its first batch, so that each
     * run moves on however long its inspection took; one that has deleted every row its snapshot
     * expired goes on to the sweep's end, which is near, rather than report rows left.
     */
    boolean budgetSpent() {
      return batches > 0
          && deleted.records() < recordsExpired
          && request.maxDuration().isPresent()
          && Duration.between(startedAt, clock.instant()).compareTo(request.maxDuration().get())
              >= 0;
    }

    /** A success that stopped between batches at its time budget, saying what it left. */
    CleanupReport stoppedAtBudget() {
      CleanupReport report = finish(RunStatus.SUCCEEDED, null);
      return report.withTimeBudgetSpent(
          String.format(
              Locale.ROOT,
              "stopped at its time budget of %s after %,d batches; %,d expired rows are left for"
                  + " the next run",
              Durations.text(request.maxDuration().get()),
              batches,
              report.recordsLeft()));
    }

    /**
     * The in-flight report as it will stand once {@code batch} commits; the run's own state moves
     * only after the commit, when the sweep returns the batch.
     */
    CleanupReport progressWith(OrganizationBreakdown batch) {
      CleanupReport progress = progressReport(batch);
      return archive.active() ? progress.withArchive(archive.progress(batch.records())) : progress;
    }

    private CleanupReport progressReport(OrganizationBreakdown batch) {
      OrganizationBreakdown total = deleted.plus(batch);
      return new CleanupReport(
          id,
          request.trigger(),
          RunStatus.RUNNING,
          request.dryRun(),
          criteria,
          startedAt,
          Duration.between(startedAt, clock.instant()),
          recordsBefore,
          recordsExpired,
          Math.max(0, recordsBefore - total.records()),
          total,
          batches + 1,
          null);
    }

    /** The final report; {@code remaining} has been counted by then. */
    CleanupReport finish(RunStatus status, String error) {
      return report(status, error);
    }
  }
}
