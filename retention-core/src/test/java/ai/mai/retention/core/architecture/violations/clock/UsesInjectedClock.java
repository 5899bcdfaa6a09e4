package ai.mai.retention.core.architecture.violations.clock;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

/** Allowed: time from an injected clock. */
public class UsesInjectedClock {
  private final Clock clock;

  public UsesInjectedClock(Clock clock) {
    this.clock = clock;
  }

  public Instant stamp() {
    return Instant.now(clock);
  }

  public LocalDate today() {
    return LocalDate.now(clock);
  }
}
