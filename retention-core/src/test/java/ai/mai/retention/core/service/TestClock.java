package ai.mai.retention.core.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock the test moves by hand; optionally it ticks a fixed step on every read. */
final class TestClock extends Clock {

  private Instant now;
  private final ZoneId zone;
  private Duration tick = Duration.ZERO;

  TestClock(Instant start) {
    this(start, ZoneOffset.UTC);
  }

  TestClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  /** Every later {@link #instant()} call advances time by {@code step} after reading it. */
  TestClock ticking(Duration step) {
    this.tick = step;
    return this;
  }

  void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public Instant instant() {
    Instant read = now;
    now = now.plus(tick);
    return read;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    TestClock copy = new TestClock(now, other);
    copy.tick = tick;
    return copy;
  }
}
