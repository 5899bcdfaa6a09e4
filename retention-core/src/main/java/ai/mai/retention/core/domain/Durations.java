package ai.mai.retention.core.domain;

import java.time.Duration;

/** Durations as the settings take them, for messages and help texts. */
public final class Durations {

  private Durations() {}

  /**
   * The largest unit that states the duration exactly: {@code 26h}, {@code 90m}, {@code 45s},
   * {@code 1500ms}; {@code 0s} for zero.
   */
  public static String text(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0s";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
