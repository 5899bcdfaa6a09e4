package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RowArchive;
import ai.mai.retention.core.service.CleanupHistoryService;
import ai.mai.retention.core.service.RunCleanupService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Core's real cleanup service under the scheduler, over in-memory out-ports: a shutdown lets the
 * batch in flight commit and the run journals itself as interrupted.
 */
class ShutdownWithCoreServiceTest {

  private static final int ROWS_PER_BATCH = 10;

  @Test
  void aShutdownMidRunCommitsTheBatchInFlightAndJournalsTheRunAsInterrupted() throws Exception {
    MemoryJournal journal = new MemoryJournal();
    SlowStore store = new SlowStore(10_000, 5_000, journal.progress::add);
    Clock clock = Clock.systemUTC();
    RunCleanupService cleanup =
        new RunCleanupService(
            store, journal, runId -> Optional.of(() -> {}), CleanupListener.NONE, clock);
    QuartzCleanupScheduler scheduler =
        QuartzCleanupScheduler.builder(
                ScheduleSettings.defaults().withCron("* * * * * ?").withCatchUp(false))
            .cleanup(cleanup)
            .health(new CleanupHistoryService(journal, clock))
            .requests(trigger -> CleanupRequest.of(FakeCleanup.POLICY, trigger))
            .build();
    scheduler.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (journal.progress.size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(journal.progress).hasSizeGreaterThanOrEqualTo(3);
    } finally {
      assertThat(scheduler.shutdown(Duration.ofSeconds(5))).isTrue();
    }

    assertThat(journal.started).hasSize(1);
    assertThat(journal.finished).hasSize(1);
    CleanupReport run = journal.finished.get(0);
    assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(run.trigger()).isEqualTo(CleanupTrigger.SCHEDULED);
    assertThat(run.error()).contains("interrupted");
    // Every batch that began was committed and counted; none was cut off.
    assertThat(run.batches()).isEqualTo(store.batchesBegun.get()).isPositive();
    assertThat(run.recordsDeleted()).isEqualTo((long) run.batches() * ROWS_PER_BATCH);
    assertThat(store.batchesCommitted.get()).isEqualTo(store.batchesBegun.get());
  }

  /** Expired rows deleted {@value #ROWS_PER_BATCH} at a time, 50 ms per batch. */
  private static final class SlowStore implements ExpiredRecordStore {
    private final long total;
    private final AtomicLong expired;
    private final AtomicLong deleted = new AtomicLong();
    final AtomicInteger batchesBegun = new AtomicInteger();
    final AtomicInteger batchesCommitted = new AtomicInteger();

    /** Where each batch's checkpoint goes, as an adapter writes the run's marker. */
    private final java.util.function.Consumer<CleanupReport> markers;

    SlowStore(long total, long expired, java.util.function.Consumer<CleanupReport> markers) {
      this.total = total;
      this.expired = new AtomicLong(expired);
      this.markers = markers;
    }

    @Override
    public TableSnapshot inspect(CleanupCriteria criteria) {
      return new TableSnapshot(total, 0, rows(expired.get()), OptionalLong.empty());
    }

    @Override
    public long countRecords() {
      return total - deleted.get();
    }

    @Override
    public Sweep openSweep(
        CleanupCriteria criteria,
        TableSnapshot snapshot,
        OptionalInt size,
        BatchCheckpoint checkpoint,
        RowArchive.Writer archive) {
      return new Sweep() {
        @Override
        public Optional<OrganizationBreakdown> deleteNextBatch() {
          if (expired.get() == 0) {
            return Optional.empty();
          }
          batchesBegun.incrementAndGet();
          try {
            Thread.sleep(50);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          }
          long batch = Math.min(ROWS_PER_BATCH, expired.get());
          checkpoint.progressWith(rows(batch)).ifPresent(markers);
          expired.addAndGet(-batch);
          deleted.addAndGet(batch);
          batchesCommitted.incrementAndGet();
          return Optional.of(rows(batch));
        }

        @Override
        public int batchSize() {
          return ROWS_PER_BATCH;
        }
      };
    }

    private static OrganizationBreakdown rows(long count) {
      OrganizationBreakdown.Builder builder = OrganizationBreakdown.builder();
      for (long i = 0; i < count; i++) {
        builder.addRow("org-a", 10, 0.01);
      }
      return builder.build();
    }
  }

  /** Keeps what core journals. */
  private static final class MemoryJournal implements CleanupJournal {
    final List<CleanupReport> started = new CopyOnWriteArrayList<>();
    final List<CleanupReport> progress = new CopyOnWriteArrayList<>();
    final List<CleanupReport> finished = new CopyOnWriteArrayList<>();

    @Override
    public void recordStart(CleanupReport report) {
      started.add(report);
    }

    @Override
    public void recordFinish(CleanupReport report) {
      finished.add(report);
    }

    @Override
    public List<JournalEntry> closeInterruptedRuns(Instant now) {
      return List.of();
    }

    @Override
    public List<JournalEntry> recentRuns(int limit) {
      return List.of();
    }

    @Override
    public Optional<JournalEntry> lastSuccessfulRun() {
      return Optional.empty();
    }

    @Override
    public Optional<JournalEntry> lastFailedRun() {
      return Optional.empty();
    }
  }
}
