package ai.mai.retention.core.port.out;

import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.VacuumMode;
import java.util.function.BooleanSupplier;

/** The space the cleaned table takes, as the database reports it, and giving it back. */
public interface TableStorage {

  /** What the database reports now. Reads only. */
  StorageFigures measure();

  /**
   * Gives the space of deleted rows back as {@code mode} asks, outside any transaction. Called
   * after a successful run while it still holds the run lock; never with {@link VacuumMode#OFF}.
   *
   * @param stopRequested polled between steps, where the database allows stopping
   * @return whether it was done, or why not
   */
  VacuumResult vacuum(VacuumMode mode, BooleanSupplier stopRequested);

  /**
   * @param performed whether the database did what was asked
   * @param note why not, or what to know about it; null when there is nothing to say
   */
  record VacuumResult(boolean performed, String note) {

    public static VacuumResult done() {
      return new VacuumResult(true, null);
    }

    public static VacuumResult done(String note) {
      return new VacuumResult(true, note);
    }

    public static VacuumResult notPerformed(String why) {
      return new VacuumResult(false, why);
    }
  }
}
