package ai.mai.retention.core.architecture.violations.clock;

/** Violation: reads the system clock. */
public class ReadsCurrentTimeMillis {
  public long stamp() {
    return System.currentTimeMillis();
  }
}
