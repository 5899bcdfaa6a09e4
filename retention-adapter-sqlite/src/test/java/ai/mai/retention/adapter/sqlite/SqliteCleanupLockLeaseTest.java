package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.port.out.CleanupLock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease side of the lock: a crashed holder blocks others for at most one lease. */
class SqliteCleanupLockLeaseTest {

  @TempDir Path directory;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));

  private CleanupLock lockOfProcess(SqliteTestDatabase database) {
    return SqliteRetention.create(
            SqliteDataSources.forCleanup(database.url), SqliteSettings.defaults().withClock(clock))
        .lock();
  }

  @Test
  void anExpiredLeaseCanBeTakenOverAndItsOldHolderLearnsOnItsNextRenewal() {
    SqliteTestDatabase database = SqliteTestDatabase.create(directory);
    CleanupLock crashed = lockOfProcess(database);
    CleanupLock.Lease stale = crashed.tryAcquire("run-dead").orElseThrow();

    clock.advance(SqliteSettings.DEFAULT_LOCK_LEASE.minusSeconds(1));
    assertThat(lockOfProcess(database).tryAcquire("run-early")).isEmpty();

    clock.advance(Duration.ofSeconds(2));
    CleanupLock.Lease taken = lockOfProcess(database).tryAcquire("run-next").orElseThrow();

    assertThatThrownBy(stale::keepAlive)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lost the cleanup lock");
    stale.close(); // must not release the new holder's lease
    assertThat(lockOfProcess(database).tryAcquire("run-third")).isEmpty();
    taken.close();
    assertThat(lockOfProcess(database).tryAcquire("run-third")).isPresent();
  }

  @Test
  void keepAliveExtendsTheLease() {
    SqliteTestDatabase database = SqliteTestDatabase.create(directory);
    CleanupLock.Lease lease = lockOfProcess(database).tryAcquire("run-long").orElseThrow();

    for (int i = 0; i < 3; i++) {
      clock.advance(SqliteSettings.DEFAULT_LOCK_LEASE.minusMinutes(1));
      lease.keepAlive();
    }

    assertThat(lockOfProcess(database).tryAcquire("run-other")).isEmpty();
    lease.close();
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
