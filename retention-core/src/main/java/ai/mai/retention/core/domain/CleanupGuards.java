package ai.mai.retention.core.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Safety limits checked against the snapshot before anything is deleted.
 *
 * <p>The full-wipe guard counts what the policy can delete: rows of organizations on legal hold can
 * never go, so a run that would delete every other row is a wipe (a clock moved 200 days ahead
 * looks exactly like that, hold or no hold). The clock guard refuses a run when no row at all is
 * newer than the shortest retention in force: either the clock jumped ahead of the data or nothing
 * was written for that long, and in both cases the run would delete far more than a normal night. A
 * clock behind the data is not refused: it can only delete less than is due, and a single row
 * stamped in the future (a writer's skewed clock) must not stop every later run.
 *
 * @param allowFullWipe permit a run that would delete every row not on legal hold, or that finds no
 *     row newer than the shortest retention
 * @param maxDeleteFraction refuse when a larger share of the table would go (0..1); empty: no limit
 */
public record CleanupGuards(boolean allowFullWipe, Optional<Double> maxDeleteFraction) {

  public static final CleanupGuards DEFAULT = new CleanupGuards(false, Optional.empty());

  /**
   * The largest {@code processed_at} that is plausible as epoch seconds (the year 5138). Epoch
   * milliseconds pass it from 1973 on, so a newer value means milliseconds were stored.
   */
  public static final long MAX_PLAUSIBLE_EPOCH_SECONDS = 100_000_000_000L;

  private static final String PERMIT =
      " Set CLEANUP_ALLOW_FULL_WIPE=true or pass --allow-full-wipe (embedded:"
          + " Retention.Builder.allowFullWipe(true)) if it is intended";

  public CleanupGuards {
    if (maxDeleteFraction == null) {
      maxDeleteFraction = Optional.empty();
    }
    maxDeleteFraction.ifPresent(
        fraction -> {
          if (fraction.isNaN() || fraction < 0.0 || fraction > 1.0) {
            throw new InvalidPolicyException(
                "max delete fraction must be between 0 and 1, got " + fraction);
          }
        });
  }

  /** Why a run over {@code snapshot} under {@code criteria} must not delete; empty when it may. */
  public Optional<String> refusalReason(TableSnapshot snapshot, CleanupCriteria criteria) {
    if (snapshot.newestProcessedAt().isPresent()
        && snapshot.newestProcessedAt().getAsLong() > MAX_PLAUSIBLE_EPOCH_SECONDS) {
      return Optional.of(
          "processed_at looks like epoch milliseconds (newest value "
              + snapshot.newestProcessedAt().getAsLong()
              + "), but it must be epoch seconds; refusing to delete");
    }
    long total = snapshot.totalRecords();
    long held = snapshot.heldRecords();
    long expired = snapshot.expiredRecords();
    if (!allowFullWipe && expired > 0 && expired >= snapshot.deletableRecords()) {
      return Optional.of(
          "refusing to delete every row of the table"
              + (held > 0 ? " not on legal hold" : "")
              + " ("
              + expired
              + " of "
              + total
              + (held > 0 ? ", " + held + " held rows stay" : "")
              + "); this is almost always a clock or configuration error."
              + PERMIT);
    }
    if (!allowFullWipe && expired > 0 && snapshot.newestProcessedAt().isPresent()) {
      long newest = snapshot.newestProcessedAt().getAsLong();
      Cutoff latest = criteria.latestCutoff();
      if (latest.expires(newest)) {
        return Optional.of(
            "refusing to delete: no row is newer than the shortest retention in force (newest"
                + " processed_at "
                + newest
                + " = "
                + Instant.ofEpochSecond(newest)
                + ", cutoff "
                + latest.instant()
                + "); the clock is ahead of the data or nothing was written for that long."
                + PERMIT);
      }
    }
    if (maxDeleteFraction.isPresent() && snapshot.expiredFraction() > maxDeleteFraction.get()) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "refusing to delete %d of %d rows (%.2f%%), more than the allowed share %s"
                  + " (CLEANUP_MAX_DELETE_FRACTION / --max-delete-fraction; embedded:"
                  + " Retention.Builder.maxDeleteFraction)",
              expired,
              total,
              snapshot.expiredFraction() * 100,
              maxDeleteFraction.get()));
    }
    return Optional.empty();
  }
}
