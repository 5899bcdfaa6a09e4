package ai.mai.retention.core.domain;

import java.util.Optional;

/**
 * Safety limits checked against the snapshot before anything is deleted.
 *
 * @param allowFullWipe permit a run that would delete every row of a non-empty table
 * @param maxDeleteFraction refuse when a larger share of the table would go (0..1); empty: no limit
 */
public record CleanupGuards(boolean allowFullWipe, Optional<Double> maxDeleteFraction) {

  public static final CleanupGuards DEFAULT = new CleanupGuards(false, Optional.empty());

  /**
   * The largest {@code processed_at} that is plausible as epoch seconds (the year 5138). Epoch
   * milliseconds pass it from 1973 on, so a newer value means milliseconds were stored.
   */
  public static final long MAX_PLAUSIBLE_EPOCH_SECONDS = 100_000_000_000L;

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

  /** Why a run over {@code snapshot} must not delete; empty when it may. */
  public Optional<String> refusalReason(TableSnapshot snapshot) {
    if (snapshot.newestProcessedAt().isPresent()
        && snapshot.newestProcessedAt().getAsLong() > MAX_PLAUSIBLE_EPOCH_SECONDS) {
      return Optional.of(
          "processed_at looks like epoch milliseconds (newest value "
              + snapshot.newestProcessedAt().getAsLong()
              + "), but it must be epoch seconds; refusing to delete");
    }
    long total = snapshot.totalRecords();
    long expired = snapshot.expiredRecords();
    if (!allowFullWipe && total > 0 && expired >= total) {
      return Optional.of(
          "refusing to delete every row of the table ("
              + expired
              + " of "
              + total
              + "); this is almost always a clock or configuration error."
              + " Set CLEANUP_ALLOW_FULL_WIPE=true or pass --allow-full-wipe (embedded:"
              + " Retention.Builder.allowFullWipe(true)) if it is intended");
    }
    if (maxDeleteFraction.isPresent() && snapshot.expiredFraction() > maxDeleteFraction.get()) {
      return Optional.of(
          String.format(
              java.util.Locale.ROOT,
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
