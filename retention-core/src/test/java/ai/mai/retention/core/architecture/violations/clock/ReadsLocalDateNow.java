package ai.mai.retention.core.architecture.violations.clock;

import java.time.LocalDate;

/** Violation: today's date in the JVM's zone, the classic cutoff bug. */
public class ReadsLocalDateNow {
  public LocalDate today() {
    return LocalDate.now();
  }
}
