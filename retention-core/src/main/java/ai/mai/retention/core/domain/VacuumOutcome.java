package ai.mai.retention.core.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * What the space return after a run did.
 *
 * @param mode what was asked for
 * @param performed whether the database did it; false when the file does not allow it, the role may
 *     not, or it failed (the note says which)
 * @param bytesReturned how far {@link StorageFigures#bytes()} went down across it: bytes given back
 *     to the file system (negative only when the host wrote more meanwhile)
 * @param duration how long it took
 * @param note why it was not performed, or what its figures mean; null when there is nothing to say
 */
public record VacuumOutcome(
    VacuumMode mode, boolean performed, long bytesReturned, Duration duration, String note) {

  public VacuumOutcome {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (duration == null || duration.isNegative()) {
      duration = Duration.ZERO;
    }
  }

  public double durationSeconds() {
    return duration.toNanos() / 1e9;
  }

  public Optional<String> noteText() {
    return Optional.ofNullable(note);
  }
}
