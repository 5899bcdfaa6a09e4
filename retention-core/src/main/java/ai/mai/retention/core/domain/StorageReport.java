package ai.mai.retention.core.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A run's storage as the database measured it: before the run deleted anything and after it ended
 * (after the space return, when one ran). Measuring never fails a run: what could not be measured
 * is missing, and {@code problem} says why.
 *
 * @param before when the run held the lock, before its first delete
 * @param after when the run had ended, and after the space return if one ran
 * @param vacuum the space return, when one was asked for and the run succeeded
 * @param problem why a figure is missing; empty when everything was measured
 */
public record StorageReport(
    Optional<StorageFigures> before,
    Optional<StorageFigures> after,
    Optional<VacuumOutcome> vacuum,
    Optional<String> problem) {

  public StorageReport {
    before = before == null ? Optional.empty() : before;
    after = after == null ? Optional.empty() : after;
    vacuum = vacuum == null ? Optional.empty() : vacuum;
    problem = problem == null ? Optional.empty() : problem;
  }

  /** {@code after - before} in bytes (negative: the table or file shrank); empty if unmeasured. */
  public OptionalLong bytesChange() {
    if (before.isEmpty() || after.isEmpty()) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(after.get().bytes() - before.get().bytes());
  }

  /**
   * One line for logs and reports: {@code size 40.0 MiB -> 10.1 MiB, reusable 0 B -> 0 B, vacuum
   * online returned 29.9 MiB in 0.41 s}.
   */
  public String summary() {
    StringBuilder line = new StringBuilder("size ");
    line.append(change(figures -> OptionalLong.of(figures.bytes()), StorageReport::bytes));
    if (before.map(f -> f.reusableBytes().isPresent()).orElse(false)
        || after.map(f -> f.reusableBytes().isPresent()).orElse(false)) {
      line.append(", reusable ")
          .append(change(StorageFigures::reusableBytes, StorageReport::bytes));
    }
    if (before.map(f -> f.deadRows().isPresent()).orElse(false)
        || after.map(f -> f.deadRows().isPresent()).orElse(false)) {
      line.append(", dead rows ")
          .append(change(StorageFigures::deadRows, n -> String.format(Locale.ROOT, "%,d", n)));
    }
    vacuum.ifPresent(
        outcome -> {
          line.append(", vacuum ").append(outcome.mode().label());
          if (outcome.performed()) {
            line.append(" returned ").append(bytes(outcome.bytesReturned()));
          } else {
            line.append(" not done");
          }
          line.append(String.format(Locale.ROOT, " in %.2f s", outcome.durationSeconds()));
          outcome.noteText().ifPresent(note -> line.append(" (").append(note).append(')'));
        });
    problem.ifPresent(text -> line.append(", not measured: ").append(text));
    return line.toString();
  }

  private String change(
      Function<StorageFigures, OptionalLong> figure, Function<Long, String> format) {
    return side(before, figure, format) + " -> " + side(after, figure, format);
  }

  private static String side(
      Optional<StorageFigures> figures,
      Function<StorageFigures, OptionalLong> figure,
      Function<Long, String> format) {
    OptionalLong value = figures.map(figure).orElse(OptionalLong.empty());
    return value.isPresent() ? format.apply(value.getAsLong()) : "?";
  }

  /** Bytes in binary units, as file managers show them: {@code 512 B}, {@code 1.5 MiB}. */
  public static String bytes(long count) {
    long magnitude = Math.abs(count);
    if (magnitude < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = count / 1024.0;
    int unit = 0;
    while (Math.abs(value) >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
