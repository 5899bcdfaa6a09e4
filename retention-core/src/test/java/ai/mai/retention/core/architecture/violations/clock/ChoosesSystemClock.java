package ai.mai.retention.core.architecture.violations.clock;

import java.time.Clock;

/** Violation: picks the system clock itself instead of having one injected. */
public class ChoosesSystemClock {
  private final Clock clock = Clock.systemUTC();

  public Clock clock() {
    return clock;
  }
}
