package ai.mai.retention.app.config;

import ai.mai.retention.core.domain.Durations;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations as operators write them: {@code 500ms}, {@code 10s}, {@code 90m}, {@code 26h}, {@code
 * 2d} or ISO-8601.
 */
public final class DurationText {

  private DurationText() {}

  /**
   * @throws IllegalArgumentException when {@code text} is none of the forms above, or not positive
   */
  public static Duration parsePositive(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    Duration duration;
    try {
      if (value.startsWith("p")) {
        duration = Duration.parse(value.toUpperCase(Locale.ROOT));
      } else if (value.endsWith("ms")) {
        duration = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
      } else {
        long amount = Long.parseLong(value.substring(0, value.length() - 1));
        duration =
            switch (value.charAt(value.length() - 1)) {
              case 's' -> Duration.ofSeconds(amount);
              case 'm' -> Duration.ofMinutes(amount);
              case 'h' -> Duration.ofHours(amount);
              case 'd' -> Duration.ofDays(amount);
              default -> throw new NumberFormatException();
            };
      }
    } catch (NumberFormatException
        | DateTimeParseException
        | StringIndexOutOfBoundsException
        | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration like 500ms, 10s, 90m, 26h, 2d or PT26H");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("must be positive, got " + text);
    }
    return duration;
  }

  /** The shortest of the forms above: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 26h}. */
  public static String format(Duration duration) {
    return Durations.text(duration);
  }
}
