package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.RetentionSessions;
import ai.mai.retention.core.port.out.CleanupLock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lease row names its holder process: a run on the same machine that finds that process gone
 * takes the lock at once (after kill -9 there is no lease to wait out); a live holder, or one it
 * cannot judge, keeps it.
 */
class SqliteCleanupLockHolderTest {

  @TempDir Path directory;

  private final SqliteCleanupLockLeaseTest.MutableClock clock =
      new SqliteCleanupLockLeaseTest.MutableClock(Instant.parse("2026-06-01T00:00:00Z"));

  private SqliteTestDatabase database;
  private Process other;

  @BeforeEach
  void otherProcess() throws Exception {
    database = SqliteTestDatabase.create(directory);
    // A real process of this user on this machine, standing in for another cleanup.
    other = new ProcessBuilder("sleep", "60").start();
  }

  @AfterEach
  void stop() {
    other.destroyForcibly();
  }

  private LockHolder holderOf(Process process) {
    ProcessHandle handle = process.toHandle();
    return new LockHolder(
        LockHolder.current().host(),
        LockHolder.current().scope(),
        handle.pid(),
        handle.info().startInstant().orElseThrow().toEpochMilli());
  }

  private CleanupLock lockHeldBy(LockHolder holder) {
    return new SqliteCleanupLock(
        RetentionSessions.create(
            SqliteDataSources.forCleanup(database.url), SqliteDialect.INSTANCE),
        new SqliteTransactions(),
        clock,
        SqliteSettings.DEFAULT_LOCK_LEASE,
        SqliteCleanupLock.CLEANUP,
        holder);
  }

  private CleanupLock lockOfThisProcess() {
    return lockHeldBy(LockHolder.current());
  }

  private void kill(Process process) throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aHolderKilledMidRunIsTakenOverAtOnceAndLearnsItOnItsNextRenewal() throws Exception {
    CleanupLock.Lease killed = lockHeldBy(holderOf(other)).tryAcquire("run-killed").orElseThrow();
    assertThat(lockOfThisProcess().tryAcquire("run-while-alive")).isEmpty();

    kill(other);

    CleanupLock.Lease next = lockOfThisProcess().tryAcquire("run-next").orElseThrow();
    assertThatThrownBy(killed::keepAlive).hasMessageContaining("lost the cleanup lock");
    assertThat(lockOfThisProcess().tryAcquire("run-third")).as("now held by a live run").isEmpty();
    next.close();
    assertThat(lockOfThisProcess().tryAcquire("run-third")).isPresent();
  }

  @Test
  void aLiveHolderKeepsTheLockEvenPastItsLease() {
    lockHeldBy(holderOf(other)).tryAcquire("run-live").orElseThrow();

    assertThat(lockOfThisProcess().tryAcquire("run-2")).isEmpty();
    assertThat(lockHeldBy(LockHolder.current()).tryAcquire("run-3")).isEmpty();
  }

  @Test
  void aPidNowUsedByALaterProcessIsNotTheHolder() {
    LockHolder live = holderOf(other);
    // The same pid, but the holder started an hour before the process that has it now.
    LockHolder reused =
        new LockHolder(live.host(), live.scope(), live.pid(), live.startedAtMillis() - 3_600_000);
    lockHeldBy(reused).tryAcquire("run-long-gone").orElseThrow();

    assertThat(lockOfThisProcess().tryAcquire("run-next")).isPresent();
  }

  @Test
  void aHolderInAnotherScopeOrWithoutOneIsLeftToItsLease() throws Exception {
    LockHolder dead = holderOf(other);
    kill(other);
    LockHolder elsewhere =
        new LockHolder(
            "other-host", "boot=x;pidns=pid:[1];user=u", dead.pid(), dead.startedAtMillis());
    lockHeldBy(elsewhere).tryAcquire("run-elsewhere").orElseThrow();

    assertThat(lockOfThisProcess().tryAcquire("run-2")).as("not provably dead").isEmpty();
    clock.advance(SqliteSettings.DEFAULT_LOCK_LEASE.plus(Duration.ofSeconds(1)));
    assertThat(lockOfThisProcess().tryAcquire("run-3")).as("the lease ran out").isPresent();
  }

  @Test
  void aLeaseWrittenBeforeHoldersWereRecordedIsLeftToItsLease() {
    database.execute(
        connection -> {
          try (var statement = connection.createStatement()) {
            return statement.executeUpdate(
                "INSERT INTO retention_lock (name, owner, acquired_at, expires_at) VALUES"
                    + " ('cleanup', 'run-old-version', "
                    + clock.millis()
                    + ", "
                    + (clock.millis() + SqliteSettings.DEFAULT_LOCK_LEASE.toMillis())
                    + ")");
          }
        });

    assertThat(lockOfThisProcess().tryAcquire("run-2")).isEmpty();
  }

  @Test
  void thisProcessIsDescribedWhereItRuns() {
    LockHolder self = LockHolder.current();

    assertThat(self.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(self.startedAtMillis()).isPositive();
    assertThat(self.scope()).as("Linux: boot id, PID namespace, user").contains("pidns=");
    assertThat(self.provablyDeadAsSeenBy(self)).isFalse();
  }
}
