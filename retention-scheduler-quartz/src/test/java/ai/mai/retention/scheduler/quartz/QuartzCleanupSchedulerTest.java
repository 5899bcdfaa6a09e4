package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CleanupRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The in-memory (single replica) scheduler, with real Quartz and real time. */
class QuartzCleanupSchedulerTest {

  private static final ScheduleSettings EVERY_SECOND =
      ScheduleSettings.defaults().withCron("* * * * * ?").withCatchUp(false);

  private final List<QuartzCleanupScheduler> started = new ArrayList<>();

  @AfterEach
  void stopSchedulers() {
    started.forEach(scheduler -> scheduler.shutdown(Duration.ofSeconds(5)));
  }

  @Test
  void aFrequentScheduleFiresRepeatedlyAsScheduledRuns() throws Exception {
    FakeCleanup cleanup = new FakeCleanup();
    QuartzCleanupScheduler scheduler = start(EVERY_SECOND, cleanup);

    assertThat(cleanup.awaitRuns(3, Duration.ofSeconds(6))).isTrue();

    assertThat(cleanup.runs())
        .allSatisfy(
            run -> {
              assertThat(run.trigger()).isEqualTo(CleanupTrigger.SCHEDULED);
              assertThat(run.request().dryRun()).isFalse();
              assertThat(run.request().policy()).isEqualTo(FakeCleanup.POLICY);
            });
    assertThat(scheduler.isStarted()).isTrue();
    assertThat(scheduler.nextFireTime()).isPresent();
  }

  @Test
  void aSlowRunNeverOverlapsTheNextFiring() throws Exception {
    // Each run takes 1.5 s on a 1 s schedule, with two worker threads free to overlap.
    FakeCleanup cleanup = new FakeCleanup().work(3, Duration.ofMillis(500));
    start(EVERY_SECOND, cleanup);

    assertThat(cleanup.awaitRuns(3, Duration.ofSeconds(10))).isTrue();

    List<FakeCleanup.Run> runs =
        cleanup.runs().stream().sorted(Comparator.comparing(FakeCleanup.Run::started)).toList();
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).started()).isAfterOrEqualTo(runs.get(i - 1).ended());
    }
    assertThat(cleanup.maxConcurrentRuns()).isEqualTo(1);
  }

  @Test
  void whenDisabledEveryRunIsADryRun() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofDays(5));
    QuartzCleanupScheduler scheduler =
        start(EVERY_SECOND.withEnabled(false).withCatchUp(true), cleanup);

    assertThat(cleanup.awaitRuns(3, Duration.ofSeconds(6))).isTrue();

    assertThat(scheduler.isEnabled()).isFalse();
    assertThat(cleanup.runs()).allSatisfy(run -> assertThat(run.request().dryRun()).isTrue());
    assertThat(cleanup.runs())
        .extracting(FakeCleanup.Run::trigger)
        .contains(CleanupTrigger.CATCH_UP);
  }

  @Test
  void aJournalDaysStaleGetsExactlyOneCatchUpRunAtStart() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofDays(3));
    QuartzCleanupScheduler scheduler = start(ScheduleSettings.defaults(), cleanup);

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(5))).isTrue();
    Thread.sleep(1_000);

    assertThat(scheduler.catchUpScheduled()).isTrue();
    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP)).hasSize(1);
    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP).get(0).request().dryRun()).isFalse();
  }

  @Test
  void aCatchUpThatMeetsAHeldLockIsRetriedMinutesLaterNotAtTheNextTick() throws Exception {
    // The lock is held for the first two attempts (a killed run's lease, a live CLI run).
    FakeCleanup cleanup = new FakeCleanup().lockedFor(2);
    QuartzCleanupScheduler scheduler =
        builder(ScheduleSettings.defaults(), cleanup)
            .catchUpRetry(new CatchUp.Retry(Duration.ofMillis(300), 5))
            .build();
    started.add(scheduler);
    scheduler.start();

    assertThat(cleanup.awaitRuns(3, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(1_000);

    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP))
        .extracting(FakeCleanup.Run::status)
        .containsExactly(RunStatus.SKIPPED_LOCKED, RunStatus.SKIPPED_LOCKED, RunStatus.SUCCEEDED);
  }

  @Test
  void catchUpRetriesAreBounded() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().lockedFor(100);
    QuartzCleanupScheduler scheduler =
        builder(ScheduleSettings.defaults(), cleanup)
            .catchUpRetry(new CatchUp.Retry(Duration.ofMillis(200), 2))
            .build();
    started.add(scheduler);
    scheduler.start();

    assertThat(cleanup.awaitRuns(3, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(1_500);

    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP))
        .hasSize(3)
        .allSatisfy(run -> assertThat(run.status()).isEqualTo(RunStatus.SKIPPED_LOCKED));
  }

  @Test
  void aCatchUpRetryIsNotNeededWhenTheLockHolderSucceeded() throws Exception {
    // The run that held the lock finishes and journals its success before the retry.
    FakeCleanup cleanup = new FakeCleanup().lockedFor(1).lockHolderSucceeds();
    QuartzCleanupScheduler scheduler =
        builder(ScheduleSettings.defaults(), cleanup)
            .catchUpRetry(new CatchUp.Retry(Duration.ofMillis(800), 5))
            .build();
    started.add(scheduler);
    scheduler.start();
    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(2_000);

    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP))
        .extracting(FakeCleanup.Run::status)
        .containsExactly(RunStatus.SKIPPED_LOCKED);
  }

  @Test
  void aJournalThatHasNeverSeenASuccessGetsACatchUpRun() throws Exception {
    FakeCleanup cleanup = new FakeCleanup();
    start(ScheduleSettings.defaults(), cleanup);

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(5))).isTrue();
    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP)).hasSize(1);
  }

  @Test
  void aJournalAnHourOldGetsNoCatchUpRun() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofHours(1));
    QuartzCleanupScheduler scheduler = start(ScheduleSettings.defaults(), cleanup);

    Thread.sleep(1_500);

    assertThat(scheduler.catchUpScheduled()).isFalse();
    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP)).isEmpty();
  }

  @Test
  void theCatchUpPeriodFollowsTheSchedule() throws Exception {
    // An hour-old success is stale for an hourly-ish schedule (every 30 minutes).
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofHours(1));
    start(ScheduleSettings.defaults().withCron("0 0/30 * * * ?"), cleanup);

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(5))).isTrue();
    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP)).hasSize(1);
  }

  @Test
  void catchUpCanBeSwitchedOff() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofDays(3));
    QuartzCleanupScheduler scheduler =
        start(ScheduleSettings.defaults().withCatchUp(false), cleanup);

    Thread.sleep(1_000);

    assertThat(scheduler.catchUpScheduled()).isFalse();
    assertThat(cleanup.runs()).isEmpty();
  }

  @Test
  void shutdownDuringARunRaisesItsStopSignalAndReturnsWithinTheTimeout() throws Exception {
    // A long run: 100 batches of 100 ms.
    FakeCleanup cleanup = new FakeCleanup().work(100, Duration.ofMillis(100));
    QuartzCleanupScheduler scheduler = start(EVERY_SECOND, cleanup);
    assertThat(cleanup.awaitFirstStart(Duration.ofSeconds(5))).isTrue();
    Thread.sleep(250);

    long begin = System.nanoTime();
    boolean clean = scheduler.shutdown(Duration.ofSeconds(5));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    assertThat(clean).isTrue();
    // The run had ~9.7 s of work left; the slack is for a loaded machine.
    assertThat(took).isLessThan(Duration.ofSeconds(4));
    assertThat(cleanup.runs()).hasSize(1);
    FakeCleanup.Run run = cleanup.runs().get(0);
    assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(run.batches()).isBetween(1, 99);
    assertThat(scheduler.isShutdown()).isTrue();
    assertThat(scheduler.nextFireTime()).isEmpty();
    assertThat(scheduler.shutdown(Duration.ofSeconds(1))).isTrue();
  }

  @Test
  void shutdownGivesUpOnARunThatIgnoresTheStopSignalAtTheTimeout() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().work(30, Duration.ofMillis(100)).ignoringStop();
    QuartzCleanupScheduler scheduler = start(EVERY_SECOND, cleanup);
    assertThat(cleanup.awaitFirstStart(Duration.ofSeconds(5))).isTrue();

    long begin = System.nanoTime();
    boolean clean = scheduler.shutdown(Duration.ofMillis(500));
    Duration took = Duration.ofNanos(System.nanoTime() - begin);

    assertThat(clean).isFalse();
    // Before the run's 3 s of work ends: the timeout, not the run, ended the wait.
    assertThat(took).isBetween(Duration.ofMillis(400), Duration.ofMillis(2_500));
  }

  @Test
  void interruptingTheJobStopsTheRunAndTheScheduleGoesOn() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().work(100, Duration.ofMillis(100));
    QuartzCleanupScheduler scheduler = start(EVERY_SECOND, cleanup);
    assertThat(cleanup.awaitFirstStart(Duration.ofSeconds(5))).isTrue();

    assertThat(scheduler.quartz().interrupt(ScheduleTriggers.JOB)).isTrue();

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(2))).isTrue();
    assertThat(cleanup.runs().get(0).status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(cleanup.awaitStarts(2, Duration.ofSeconds(3))).isTrue();
    assertThat(scheduler.isStarted()).isTrue();
  }

  @Test
  void theHostsOwnStopSignalIsKept() throws Exception {
    FakeCleanup cleanup = new FakeCleanup().work(100, Duration.ofMillis(50));
    AtomicBoolean hostStop = new AtomicBoolean(true);
    QuartzCleanupScheduler scheduler =
        QuartzCleanupScheduler.builder(EVERY_SECOND)
            .cleanup(cleanup)
            .health(cleanup)
            .requests(
                trigger ->
                    CleanupRequest.of(FakeCleanup.POLICY, trigger).withStopSignal(hostStop::get))
            .build();
    started.add(scheduler);
    scheduler.start();

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(5))).isTrue();
    assertThat(cleanup.runs().get(0).status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(cleanup.runs().get(0).batches()).isZero();
  }

  @Test
  void nextFireTimeIsMidnightInTheConfiguredZone() {
    ZoneId tokyo = ZoneId.of("Asia/Tokyo");
    QuartzCleanupScheduler scheduler =
        start(ScheduleSettings.defaults().withZone(tokyo).withCatchUp(false), new FakeCleanup());

    Instant next = scheduler.nextFireTime().orElseThrow();

    assertThat(next.atZone(tokyo).toLocalTime()).hasToString("00:00");
    assertThat(next).isBetween(Instant.now(), Instant.now().plus(Duration.ofDays(1)));
    assertThat(scheduler.schedulePeriod()).contains(Duration.ofDays(1));
  }

  @Test
  void startingTwiceIsRefused() {
    QuartzCleanupScheduler scheduler = start(EVERY_SECOND, new FakeCleanup());

    assertThatThrownBy(scheduler::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void clusteredWithoutADatabaseIsRefusedBeforeAnythingStarts() {
    FakeCleanup cleanup = new FakeCleanup();

    assertThatThrownBy(
            () -> builder(ScheduleSettings.defaults().withClustered(true, null), cleanup).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLEANUP_CLUSTERED=true")
        .hasMessageContaining("PostgreSQL");
  }

  @Test
  void clusteredOnSqliteIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + dir.resolve("webui.db"));
    FakeCleanup cleanup = new FakeCleanup();

    assertThatThrownBy(
            () ->
                builder(ScheduleSettings.defaults().withClustered(true, "a"), cleanup)
                    .dataSource(sqlite)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("CLEANUP_CLUSTERED=true works only on PostgreSQL")
        .hasMessageContaining("SQLite");
  }

  @Test
  void aLocalSchedulerIgnoresAGivenDatabase(@TempDir Path dir) throws Exception {
    SQLiteDataSource sqlite = new SQLiteDataSource();
    sqlite.setUrl("jdbc:sqlite:" + dir.resolve("webui.db"));
    FakeCleanup cleanup = new FakeCleanup();
    QuartzCleanupScheduler scheduler = builder(EVERY_SECOND, cleanup).dataSource(sqlite).build();
    started.add(scheduler);
    scheduler.start();

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(5))).isTrue();
    assertThat(scheduler.isClustered()).isFalse();
  }

  private QuartzCleanupScheduler start(ScheduleSettings settings, FakeCleanup cleanup) {
    QuartzCleanupScheduler scheduler = builder(settings, cleanup).build();
    started.add(scheduler);
    scheduler.start();
    return scheduler;
  }

  private static CleanupSchedulerBuilder builder(ScheduleSettings settings, FakeCleanup cleanup) {
    return QuartzCleanupScheduler.builder(settings)
        .cleanup(cleanup)
        .health(cleanup)
        .requests(cleanup.requests());
  }
}
