package ai.mai.retention.core.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one run, with the Python service's statistics. Counts come from the rows actually
 * deleted (for a dry run: the rows that would be deleted).
 *
 * @param runId unique id of this run
 * @param trigger why it ran
 * @param status how it ended
 * @param dryRun true for a preview
 * @param criteria the cutoffs that applied
 * @param startedAt when it began
 * @param duration how long it took
 * @param recordsBefore rows in the table when the run began
 * @param recordsExpired rows the criteria expired when the run began
 * @param recordsRemaining rows in the table when the run ended
 * @param deleted what was deleted (dry run: what would be), per organization
 * @param batches number of committed delete batches
 * @param error why it failed or was refused; null on success
 * @param storage what the database measured before and after a real run (and the space return);
 *     empty for previews and skipped runs, and where no storage port was given
 * @param archive where the run kept the rows it deleted, and how many; empty when it was given no
 *     archive, and for previews and skipped runs
 * @param note what to know about a run that ended as it should, e.g. that it stopped at its time
 *     budget; null when there is nothing to say
 * @param timeBudgetSpent whether the run stopped between batches because its time budget was spent,
 *     leaving {@link #recordsLeft()} expired rows to the next run
 */
public record CleanupReport(
    String runId,
    CleanupTrigger trigger,
    RunStatus status,
    boolean dryRun,
    CleanupCriteria criteria,
    Instant startedAt,
    Duration duration,
    long recordsBefore,
    long recordsExpired,
    long recordsRemaining,
    OrganizationBreakdown deleted,
    int batches,
    String error,
    Optional<StorageReport> storage,
    Optional<ArchiveReport> archive,
    String note,
    boolean timeBudgetSpent) {

  /**
   * The Python service's estimate of one row's footprint, kept so the figure stays comparable; what
   * the database measured is in {@link #storage()}.
   */
  public static final int ESTIMATED_BYTES_PER_ROW = 100;

  public CleanupReport {
    if (runId == null || trigger == null || status == null || criteria == null) {
      throw new IllegalArgumentException("runId, trigger, status and criteria are required");
    }
    if (deleted == null) {
      deleted = OrganizationBreakdown.EMPTY;
    }
    if (duration == null) {
      duration = Duration.ZERO;
    }
    if (storage == null) {
      storage = Optional.empty();
    }
    if (archive == null) {
      archive = Optional.empty();
    }
  }

  /** A report without storage figures, archive, note or time budget. */
  public CleanupReport(
      String runId,
      CleanupTrigger trigger,
      RunStatus status,
      boolean dryRun,
      CleanupCriteria criteria,
      Instant startedAt,
      Duration duration,
      long recordsBefore,
      long recordsExpired,
      long recordsRemaining,
      OrganizationBreakdown deleted,
      int batches,
      String error) {
    this(
        runId,
        trigger,
        status,
        dryRun,
        criteria,
        startedAt,
        duration,
        recordsBefore,
        recordsExpired,
        recordsRemaining,
        deleted,
        batches,
        error,
        Optional.empty(),
        Optional.empty(),
        null,
        false);
  }

  /** This report ended as {@code status} with {@code error}; every other figure as it stands. */
  public CleanupReport withOutcome(RunStatus outcome, String failure) {
    return copy(outcome, failure, storage, archive, note, timeBudgetSpent);
  }

  /** This report with the storage the database measured. */
  public CleanupReport withStorage(StorageReport measured) {
    return copy(status, error, Optional.ofNullable(measured), archive, note, timeBudgetSpent);
  }

  /** This report with where its deleted rows were kept. */
  public CleanupReport withArchive(ArchiveReport kept) {
    return copy(status, error, storage, Optional.ofNullable(kept), note, timeBudgetSpent);
  }

  /**
   * This report stopped at its time budget, with a note saying so; see {@link #timeBudgetSpent()}.
   */
  public CleanupReport withTimeBudgetSpent(String budgetNote) {
    return copy(status, error, storage, archive, budgetNote, true);
  }

  /** This report with what its withers change; the run's figures stay as they are. */
  private CleanupReport copy(
      RunStatus newStatus,
      String newError,
      Optional<StorageReport> newStorage,
      Optional<ArchiveReport> newArchive,
      String newNote,
      boolean newTimeBudgetSpent) {
    return new CleanupReport(
        runId,
        trigger,
        newStatus,
        dryRun,
        criteria,
        startedAt,
        duration,
        recordsBefore,
        recordsExpired,
        recordsRemaining,
        deleted,
        batches,
        newError,
        newStorage,
        newArchive,
        newNote,
        newTimeBudgetSpent);
  }

  /** When the run ended: its start plus its duration (the journal's {@code created_at}). */
  public Instant finishedAt() {
    return startedAt.plus(duration);
  }

  /**
   * Expired rows the run did not delete: those its snapshot expired minus those it deleted (rows
   * deleted meanwhile by others count as left too). Non-zero after a run that stopped early.
   */
  public long recordsLeft() {
    return Math.max(0, recordsExpired - recordsDeleted());
  }

  public Optional<String> noteText() {
    return Optional.ofNullable(note);
  }

  public boolean success() {
    return status.isSuccess();
  }

  public long recordsDeleted() {
    return deleted.records();
  }

  public long tokensRemoved() {
    return deleted.tokens();
  }

  public BigDecimal costRemoved() {
    return deleted.cost();
  }

  /**
   * Deleted rows whose cost or tokens were not a finite number (or would have carried the token sum
   * past {@link Long#MAX_VALUE}): counted in {@link #recordsDeleted()}, not in the token and cost
   * sums.
   */
  public long recordsNotSummed() {
    return deleted.notSummed();
  }

  public Cutoff cutoff() {
    return criteria.defaultCutoff();
  }

  /**
   * Estimated storage freed, in KiB, as the Python service estimated it: {@code round(records * 100
   * / 1024, 2)}. That quotient is exact in binary, and Python rounds exact ties half to even (3.125
   * becomes 3.12), hence HALF_EVEN.
   */
  public double storageSavedKb() {
    return BigDecimal.valueOf(recordsDeleted() * (long) ESTIMATED_BYTES_PER_ROW)
        .divide(BigDecimal.valueOf(1024), 2, RoundingMode.HALF_EVEN)
        .doubleValue();
  }

  public double durationSeconds() {
    return duration.toNanos() / 1e9;
  }

  public Optional<String> errorMessage() {
    return Optional.ofNullable(error);
  }
}
