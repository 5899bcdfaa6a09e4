package ai.mai.retention.core.service;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.ArchiveReport;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.ArchiveUnavailableException;
import ai.mai.retention.core.port.out.RowArchive;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The time budget and the archive, as the service drives them, over in-memory ports. */
class RunCleanupBudgetAndArchiveTest {

  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  static final long OLD = NOW.getEpochSecond() - 200 * 86_400L;

  InMemoryExpiredRecordStore store;
  InMemoryCleanupJournal journal;
  TestClock clock;

  @BeforeEach
  void setUp() {
    journal = new InMemoryCleanupJournal();
    store = new InMemoryExpiredRecordStore().checkpointsTo(journal::checkpoint);
    clock = new TestClock(NOW);
    for (int i = 0; i < 1_000; i++) {
      store.insert(StoredRow.of(String.format("row-%04d", i), "org-" + (i % 3), OLD + i));
    }
  }

  RunCleanupService service() {
    return new RunCleanupService(
        store, journal, new InMemoryCleanupLock(), new RecordingCleanupListener(), clock);
  }

  static CleanupRequest batchesOf100(Duration budget) {
    return new CleanupRequest(
            RetentionPolicy.ofDays(90),
            CleanupTrigger.SCHEDULED,
            false,
            OptionalInt.of(100),
            new CleanupGuards(true, Optional.empty()),
            null)
        .withMaxDuration(budget);
  }

  @Test
  void aRunStopsBetweenBatchesOnceItsBudgetIsSpentAndJournalsASuccessWithWhatItLeft() {
    store.afterEachBatch(s -> clock.advance(Duration.ofMinutes(1)));

    CleanupReport report = service().runCleanup(batchesOf100(Duration.ofMinutes(3)));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(report.success()).isTrue();
    assertThat(report.timeBudgetSpent()).isTrue();
    assertThat(report.batches()).isEqualTo(3);
    assertThat(report.recordsDeleted()).isEqualTo(300);
    assertThat(report.recordsLeft()).isEqualTo(700);
    assertThat(report.recordsRemaining()).isEqualTo(700);
    assertThat(report.error()).isNull();
    assertThat(report.note())
        .isEqualTo(
            "stopped at its time budget of 3m after 3 batches; 700 expired rows are left for the"
                + " next run");
    assertThat(journal.finishes).containsExactly(report);
  }

  @Test
  void theNextRunsContinueUntilNothingIsLeft() {
    store.afterEachBatch(s -> clock.advance(Duration.ofMinutes(1)));
    List<CleanupReport> runs = new ArrayList<>();
    do {
      runs.add(service().runCleanup(batchesOf100(Duration.ofMinutes(4))));
    } while (runs.get(runs.size() - 1).timeBudgetSpent());

    assertThat(runs).extracting(CleanupReport::recordsDeleted).containsExactly(400L, 400L, 200L);
    assertThat(runs).allMatch(CleanupReport::success);
    assertThat(runs.get(2).note()).isNull();
    assertThat(store.remainingIds()).isEmpty();
  }

  @Test
  void aRunAlwaysDeletesOneBatchHoweverLongItsInspectionTook() {
    clock.ticking(Duration.ofSeconds(1));

    CleanupReport report = service().runCleanup(batchesOf100(Duration.ofMillis(1)));

    assertThat(report.batches()).isEqualTo(1);
    assertThat(report.recordsDeleted()).isEqualTo(100);
    assertThat(report.timeBudgetSpent()).isTrue();
  }

  @Test
  void withoutABudgetTheRunGoesToTheEnd() {
    store.afterEachBatch(s -> clock.advance(Duration.ofHours(1)));

    CleanupReport report = service().runCleanup(batchesOf100(null));

    assertThat(report.recordsDeleted()).isEqualTo(1_000);
    assertThat(report.timeBudgetSpent()).isFalse();
    assertThat(report.note()).isNull();
  }

  @Test
  void eachBatchsRowsAreDurableInTheArchiveBeforeItCommitsAndTheReportSaysWhere() {
    FakeArchive archive = new FakeArchive();
    store.afterEachBatch(
        s ->
            assertThat(archive.durableRows)
                .as("durable when the batch commits")
                .hasSize(1_000 - s.remainingIds().size()));

    CleanupReport report = service().withArchive(archive).runCleanup(batchesOf100(null));

    assertThat(report.status()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(archive.durableRows).hasSize(1_000).doesNotHaveDuplicates();
    assertThat(archive.committed).isEqualTo(1_000);
    ArchiveReport kept = report.archive().orElseThrow();
    assertThat(kept.records()).isEqualTo(1_000);
    assertThat(kept.location()).hasValue("file:/archive/run.csv.gz");
    assertThat(archive.finishedWith).isEqualTo(RunStatus.SUCCEEDED);
    // The marker counted the archive with each batch.
    assertThat(journal.progress)
        .extracting(p -> p.archive().orElseThrow().records())
        .startsWith(100L, 200L, 300L);
    assertThat(journal.finishes.get(0).archive()).contains(kept);
  }

  @Test
  void anArchiveThatCannotBeOpenedRefusesTheRunBeforeItDeletesAnything() {
    FakeArchive archive = new FakeArchive();
    archive.unavailable = "the archive directory /archive does not exist";

    CleanupReport report = service().withArchive(archive).runCleanup(batchesOf100(null));

    assertThat(report.status()).isEqualTo(RunStatus.REFUSED);
    assertThat(report.error())
        .isEqualTo(
            "the archive file:/archive cannot take this run's rows, so nothing was deleted: the"
                + " archive directory /archive does not exist");
    assertThat(report.recordsDeleted()).isZero();
    assertThat(store.remainingIds()).hasSize(1_000);
    assertThat(store.sweepsOpened).isZero();
    assertThat(report.archive().orElseThrow().problem())
        .hasValue("the archive directory /archive does not exist");
    assertThat(journal.finishes).containsExactly(report);
  }

  @Test
  void anArchiveThatFailsMidRunStopsItThereWithWhatEarlierBatchesDeleted() {
    FakeArchive archive = new FakeArchive();
    archive.failOnBatch = 3;

    CleanupReport report = service().withArchive(archive).runCleanup(batchesOf100(null));

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.error()).contains("No space left on device");
    assertThat(report.recordsDeleted()).isEqualTo(200);
    assertThat(store.remainingIds()).hasSize(800);
    assertThat(archive.failedBatches).isEqualTo(1);
    assertThat(archive.durableRows).hasSize(200);
    assertThat(report.archive().orElseThrow().records()).isEqualTo(200);
    assertThat(archive.finishedWith).isEqualTo(RunStatus.FAILED);
    assertThat(journal.finishes).containsExactly(report);
  }

  /** An archive in memory: rows per batch, made durable (or failing) as a file would be. */
  static final class FakeArchive implements RowArchive {
    final List<String> durableRows = new ArrayList<>();
    String unavailable;
    int failOnBatch = -1;
    long committed;
    int failedBatches;
    RunStatus finishedWith;

    @Override
    public ArchiveTarget target() {
      return ArchiveTarget.file("/archive");
    }

    @Override
    public Writer open(Run run) {
      if (unavailable != null) {
        throw new ArchiveUnavailableException(unavailable);
      }
      return new Writer() {
        final List<String> batch = new ArrayList<>();
        int batches;

        @Override
        public String runId() {
          return run.runId();
        }

        @Override
        public Optional<String> table() {
          return Optional.empty();
        }

        @Override
        public RowSink startBatch(List<String> columns) {
          batch.clear();
          return values -> batch.add(values[0]);
        }

        @Override
        public void makeDurable() {
          if (++batches == failOnBatch) {
            throw new ArchiveUnavailableException(
                "writing the archive file failed (No space left on device); this batch was"
                    + " rolled back");
          }
          durableRows.addAll(batch);
        }

        @Override
        public void batchCommitted(long rows) {
          committed += rows;
        }

        @Override
        public void batchFailed() {
          failedBatches++;
        }

        @Override
        public ArchiveReport progress(long batchRows) {
          return report(committed + batchRows);
        }

        @Override
        public ArchiveReport finish(CleanupReport report) {
          finishedWith = report.status();
          return report(committed);
        }

        private ArchiveReport report(long records) {
          return new ArchiveReport(
              target(),
              Optional.of("file:/archive/run.csv.gz"),
              records,
              0,
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
        }
      };
    }
  }
}
