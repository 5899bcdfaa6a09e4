package ai.mai.retention.core.contract;

import java.time.Instant;

/** The instant every contract test treats as "now". */
public final class ContractClock {
  public static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  private ContractClock() {}

  public static Instant daysAgo(double days) {
    return NOW.minusSeconds(Math.round(days * 86_400));
  }
}
