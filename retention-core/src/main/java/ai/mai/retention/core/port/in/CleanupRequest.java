package ai.mai.retention.core.port.in;

import ai.mai.retention.core.domain.CleanupGuards;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

/**
 * One request to clean up.
 *
 * @param policy what to keep
 * @param trigger why the run happens
 * @param dryRun preview only: nothing deleted, nothing journaled
 * @param batchSize rows per batch; empty lets the adapter choose
 * @param guards safety limits checked before anything is deleted
 * @param stopRequested polled between batches; true stops the run after the batch in flight
 * @param maxDuration the run's time budget: once it is spent, the run stops between batches as a
 *     success and leaves the rest to the next run (it always deletes one batch); empty for none
 */
public record CleanupRequest(
    RetentionPolicy policy,
    CleanupTrigger trigger,
    boolean dryRun,
    OptionalInt batchSize,
    CleanupGuards guards,
    BooleanSupplier stopRequested,
    Optional<Duration> maxDuration) {

  public CleanupRequest {
    if (policy == null || trigger == null) {
      throw new IllegalArgumentException("policy and trigger are required");
    }
    if (batchSize == null) {
      batchSize = OptionalInt.empty();
    }
    batchSize.ifPresent(
        size -> {
          if (size < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + size);
          }
        });
    if (guards == null) {
      guards = CleanupGuards.DEFAULT;
    }
    if (stopRequested == null) {
      stopRequested = () -> false;
    }
    if (maxDuration == null) {
      maxDuration = Optional.empty();
    }
    maxDuration.ifPresent(
        budget -> {
          if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("max duration must be positive, got " + budget);
          }
        });
  }

  /** A request without a time budget. */
  public CleanupRequest(
      RetentionPolicy policy,
      CleanupTrigger trigger,
      boolean dryRun,
      OptionalInt batchSize,
      CleanupGuards guards,
      BooleanSupplier stopRequested) {
    this(policy, trigger, dryRun, batchSize, guards, stopRequested, Optional.empty());
  }

  /** A real run with default guards and the adapter's batch size. */
  public static CleanupRequest of(RetentionPolicy policy, CleanupTrigger trigger) {
    return new CleanupRequest(
        policy, trigger, false, OptionalInt.empty(), CleanupGuards.DEFAULT, null);
  }

  public CleanupRequest asDryRun() {
    return new CleanupRequest(policy, trigger, true, batchSize, guards, stopRequested, maxDuration);
  }

  public CleanupRequest withStopSignal(BooleanSupplier signal) {
    return new CleanupRequest(policy, trigger, dryRun, batchSize, guards, signal, maxDuration);
  }

  /** This request with a time budget; null for none. */
  public CleanupRequest withMaxDuration(Duration budget) {
    return new CleanupRequest(
        policy, trigger, dryRun, batchSize, guards, stopRequested, Optional.ofNullable(budget));
  }
}
