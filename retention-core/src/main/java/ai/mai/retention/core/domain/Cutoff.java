package ai.mai.retention.core.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The instant before which a row is expired: {@code processed_at < now - days * 86400}. The row's
 * clock is epoch seconds (UTC), so the cutoff is kept in whole seconds.
 */
public record Cutoff(long epochSecond) {

  public static final long SECONDS_PER_DAY = 86_400L;

  public static Cutoff daysBefore(Instant now, int days) {
    return new Cutoff(now.getEpochSecond() - days * SECONDS_PER_DAY);
  }

  public boolean expires(long processedAtEpochSecond) {
    return processedAtEpochSecond < epochSecond;
  }

  public Instant instant() {
    return Instant.ofEpochSecond(epochSecond);
  }

  /** The UTC date of the cutoff instant, as written to {@code cutoff_date}. */
  public LocalDate date() {
    return LocalDate.ofInstant(instant(), ZoneOffset.UTC);
  }
}
