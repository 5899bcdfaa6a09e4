package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Core's in-ports in memory, for the scheduling logic: records every request, "deletes" in batches
 * of {@code batchTime} while polling the stop signal between batches like core does, and keeps the
 * last success so that the health check (and so the catch-up) sees what the runs did.
 */
final class FakeCleanup implements RunCleanupUseCase, CheckCleanupHealthUseCase {

  static final RetentionPolicy POLICY = RetentionPolicy.ofDays(90);

  /** One call of {@link #runCleanup}. */
  record Run(
      CleanupRequest request,
      String thread,
      Instant started,
      Instant ended,
      RunStatus status,
      int batches) {

    CleanupTrigger trigger() {
      return request.trigger();
    }
  }

  private final List<Run> runs = new CopyOnWriteArrayList<>();
  private final AtomicReference<Instant> lastSuccess = new AtomicReference<>();
  private final AtomicInteger starts = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();
  private volatile CountDownLatch firstStart = new CountDownLatch(1);
  private volatile Duration batchTime = Duration.ofMillis(20);
  private volatile int batches = 1;
  private volatile boolean ignoreStop;
  private final AtomicInteger lockedRuns = new AtomicInteger();
  private volatile boolean holderSucceeds;

  /** Each run takes {@code count} batches of {@code time} each. */
  FakeCleanup work(int count, Duration time) {
    this.batches = count;
    this.batchTime = time;
    return this;
  }

  /** Runs ignore the stop signal, as a run stuck on a dead database would. */
  FakeCleanup ignoringStop() {
    this.ignoreStop = true;
    return this;
  }

  /** The next {@code count} runs find another run holding the lock (skipped_locked). */
  FakeCleanup lockedFor(int count) {
    lockedRuns.set(count);
    return this;
  }

  /** The run holding the lock journals its success as soon as a run of ours meets its lock. */
  FakeCleanup lockHolderSucceeds() {
    holderSucceeds = true;
    return this;
  }

  FakeCleanup lastSuccessAgo(Duration age) {
    lastSuccess.set(Instant.now().minus(age));
    return this;
  }

  /** Builds requests as a host would. */
  CleanupRequestFactory requests() {
    return trigger -> CleanupRequest.of(POLICY, trigger);
  }

  List<Run> runs() {
    return List.copyOf(runs);
  }

  List<Run> runs(CleanupTrigger trigger) {
    return runs.stream().filter(run -> run.trigger() == trigger).toList();
  }

  int maxConcurrentRuns() {
    return maxRunning.get();
  }

  boolean awaitFirstStart(Duration timeout) throws InterruptedException {
    return firstStart.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until at least {@code count} runs have started. */
  boolean awaitStarts(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (starts.get() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** Waits until at least {@code count} runs have finished. */
  boolean awaitRuns(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (runs.size() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public CleanupReport runCleanup(CleanupRequest request) {
    int concurrent = running.incrementAndGet();
    maxRunning.accumulateAndGet(concurrent, Math::max);
    Instant started = Instant.now();
    starts.incrementAndGet();
    firstStart.countDown();
    RunStatus status = request.dryRun() ? RunStatus.DRY_RUN : RunStatus.SUCCEEDED;
    boolean locked = !request.dryRun() && lockedRuns.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    if (locked) {
      status = RunStatus.SKIPPED_LOCKED;
    }
    int done = 0;
    try {
      while (!locked && done < batches) {
        if (!ignoreStop && request.stopRequested().getAsBoolean()) {
          status = RunStatus.INTERRUPTED;
          break;
        }
        sleep(batchTime);
        done++;
      }
    } finally {
      running.decrementAndGet();
    }
    Instant ended = Instant.now();
    if (status == RunStatus.SUCCEEDED || (locked && holderSucceeds)) {
      lastSuccess.set(ended);
    }
    runs.add(new Run(request, Thread.currentThread().getName(), started, ended, status, done));
    return new CleanupReport(
        UUID.randomUUID().toString(),
        request.trigger(),
        status,
        request.dryRun(),
        request.policy().criteriaAt(started),
        started,
        Duration.between(started, ended),
        0,
        0,
        0,
        OrganizationBreakdown.EMPTY,
        done,
        status == RunStatus.INTERRUPTED
            ? "interrupted by shutdown"
            : locked ? "another cleanup is running on this database; skipped" : null);
  }

  @Override
  public HealthReport checkHealth(Duration maxAge) {
    Instant now = Instant.now();
    Instant success = lastSuccess.get();
    if (success == null) {
      return new HealthReport(
          false,
          now,
          maxAge,
          Optional.empty(),
          Optional.empty(),
          "no successful cleanup has been journaled");
    }
    boolean healthy = Duration.between(success, now).compareTo(maxAge) <= 0;
    return new HealthReport(
        healthy,
        now,
        maxAge,
        Optional.of(entry(success)),
        Optional.empty(),
        "last successful cleanup finished " + Duration.between(success, now) + " ago");
  }

  private static JournalEntry entry(Instant finished) {
    return new JournalEntry(
        1,
        finished.atZone(ZoneOffset.UTC).toLocalDate(),
        null,
        90,
        0L,
        0L,
        0L,
        0L,
        null,
        0.0,
        0.0,
        true,
        null,
        finished,
        "run",
        "scheduled",
        "succeeded",
        0,
        null);
  }

  private static void sleep(Duration time) {
    try {
      Thread.sleep(time.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
