package ai.mai.retention.scheduler.quartz;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.port.in.CheckCleanupHealthUseCase;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.in.RunCleanupUseCase;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one firing does, apart from Quartz: build the request, apply {@code CLEANUP_ENABLED} and the
 * stop signals, re-check a start-up catch-up, call core's in-port, log the outcome. Shared by all
 * jobs of one scheduler.
 */
final class ScheduledCleanup {

  private static final Logger log = LoggerFactory.getLogger(ScheduledCleanup.class);

  private final RunCleanupUseCase cleanup;
  private final CleanupRequestFactory requests;
  private final CatchUp catchUp;
  private final boolean enabled;
  private final AtomicBoolean stopping = new AtomicBoolean();

  /**
   * What every firing of a scheduler with {@code settings} does.
   *
   * @param health required when {@code settings} ask for a catch-up run
   */
  static ScheduledCleanup of(
      ScheduleSettings settings,
      RunCleanupUseCase cleanup,
      CheckCleanupHealthUseCase health,
      CleanupRequestFactory requests,
      Clock clock,
      CatchUp.Retry catchUpRetry) {
    Objects.requireNonNull(cleanup, "the RunCleanupUseCase is required");
    Objects.requireNonNull(requests, "the CleanupRequestFactory is required");
    if (settings.catchUp()) {
      Objects.requireNonNull(health, "the CheckCleanupHealthUseCase is required for catch-up");
    }
    CatchUp catchUp = new CatchUp(health, CronSchedule.of(settings), clock, catchUpRetry);
    return new ScheduledCleanup(cleanup, requests, catchUp, settings.enabled());
  }

  ScheduledCleanup(
      RunCleanupUseCase cleanup, CleanupRequestFactory requests, CatchUp catchUp, boolean enabled) {
    this.cleanup = cleanup;
    this.requests = requests;
    this.catchUp = catchUp;
    this.enabled = enabled;
  }

  /**
   * Runs one cleanup.
   *
   * @param onlyIfStale re-check the journal first and skip when a success is recent (a catch-up
   *     another replica or an earlier firing already made)
   * @param jobStop the firing's own stop signal, raised by {@code interrupt()}
   * @param tick the time this firing was scheduled for; logged so that operators (and tests) can
   *     tell which tick each run served, and that no tick ran twice across replicas
   * @return the report, empty when skipped (not stale, or stopping)
   */
  Optional<CleanupReport> run(
      CleanupTrigger trigger, boolean onlyIfStale, BooleanSupplier jobStop, Instant tick) {
    if (stopping.get() || jobStop.getAsBoolean()) {
      // Fired in the moment of shutdown: starting would only journal an empty interrupted run.
      log.info("Cleanup ({}) not started: the scheduler is stopping", trigger.label());
      return Optional.empty();
    }
    if (onlyIfStale) {
      CatchUp.Decision decision = catchUp.decide();
      if (!decision.needed()) {
        log.info("Catch-up run no longer needed: {}", decision.reason());
        return Optional.empty();
      }
    }
    CleanupRequest base = requests.create(trigger);
    BooleanSupplier hostStop = base.stopRequested();
    CleanupRequest request =
        base.withStopSignal(
            () -> jobStop.getAsBoolean() || stopping.get() || hostStop.getAsBoolean());
    if (!enabled && !request.dryRun()) {
      request = request.asDryRun();
    }
    log.info(
        "Cleanup starting ({}, tick {}{})",
        trigger.label(),
        tick,
        request.dryRun() ? ", dry run: CLEANUP_ENABLED=false" : "");
    CleanupReport report = cleanup.runCleanup(request);
    if (report.success()) {
      log.info(
          "Cleanup {} ({}, tick {}, run {}): {} {} rows in {} s",
          report.status().label(),
          trigger.label(),
          tick,
          report.runId(),
          report.dryRun() ? "would delete" : "deleted",
          report.recordsDeleted(),
          String.format(java.util.Locale.ROOT, "%.1f", report.durationSeconds()));
    } else {
      log.warn(
          "Cleanup {} ({}, tick {}, run {}) after {} rows: {}",
          report.status().label(),
          trigger.label(),
          tick,
          report.runId(),
          report.recordsDeleted(),
          report.errorMessage().orElse("no reason given"));
    }
    return Optional.of(report);
  }

  CatchUp catchUp() {
    return catchUp;
  }

  /** Raised on shutdown: every running and every later firing stops after its batch in flight. */
  void stopAll() {
    stopping.set(true);
  }

  boolean stopping() {
    return stopping.get();
  }
}
