package ai.mai.retention.core.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a successful run gives the space of the rows it deleted back, and how. Deleted rows leave
 * free pages (SQLite) or dead tuples (PostgreSQL) that new rows reuse; giving the space back to the
 * file system is a separate step with its own cost.
 */
public enum VacuumMode {
  /** Nothing after the run (the default): the space stays in the database for new rows. */
  OFF,
  /**
   * What the database can do while the host keeps working: SQLite {@code PRAGMA incremental_vacuum}
   * in short steps (only in a file with {@code auto_vacuum = INCREMENTAL}); PostgreSQL {@code
   * VACUUM (ANALYZE)} of the table.
   */
  ONLINE,
  /**
   * A rebuild that returns every free byte but locks the host's writers out while it runs, minutes
   * on a large table: SQLite {@code VACUUM}; PostgreSQL {@code VACUUM (FULL, ANALYZE)}. Only when
   * asked for by name.
   */
  FULL;

  /** {@code off}, {@code online} or {@code full}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode a label names, case-insensitive.
   *
   * @throws IllegalArgumentException naming the accepted labels
   */
  public static VacuumMode parse(String label) {
    String wanted = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
    for (VacuumMode mode : values()) {
      if (mode.label().equals(wanted)) {
        return mode;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + label
            + "' is not a vacuum mode ("
            + Arrays.stream(values()).map(VacuumMode::label).collect(Collectors.joining(", "))
            + ")");
  }
}
