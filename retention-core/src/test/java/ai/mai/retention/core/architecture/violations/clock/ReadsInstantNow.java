package ai.mai.retention.core.architecture.violations.clock;

import java.time.Instant;

/** Violation: reads the system clock. */
public class ReadsInstantNow {
  public Instant stamp() {
    return Instant.now();
  }
}
