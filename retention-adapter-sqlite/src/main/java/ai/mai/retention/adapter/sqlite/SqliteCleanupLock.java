package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.core.port.out.CleanupLock;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.ibatis.session.SqlSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run lock as a lease row in {@code retention_lock}: visible to every process that opens the
 * file, taken with one conditional upsert, renewed after every batch and released on close. The row
 * names its holder process (host, PID namespace, user, pid, start time): a run on the same machine
 * that finds the holder's process gone takes the lock at once; anywhere else a process that died
 * holding it blocks others for at most one lease.
 */
public final class SqliteCleanupLock implements CleanupLock {

  private static final Logger LOG = LoggerFactory.getLogger(SqliteCleanupLock.class);

  /** The one lock name cleanup runs share. */
  public static final String CLEANUP = "cleanup";

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;
  private final Clock clock;
  private final Duration lease;
  private final String name;
  private final LockHolder holder;

  public SqliteCleanupLock(
      SqlSessionFactory sessions, DialectTransactions transactions, Clock clock, Duration lease) {
    this(sessions, transactions, clock, lease, CLEANUP, LockHolder.current());
  }

  /**
   * @param holder who this lock says holds it (tests stand in for other processes)
   */
  SqliteCleanupLock(
      SqlSessionFactory sessions,
      DialectTransactions transactions,
      Clock clock,
      Duration lease,
      String name,
      LockHolder holder) {
    if (sessions == null
        || transactions == null
        || clock == null
        || lease == null
        || name == null
        || holder == null) {
      throw new IllegalArgumentException(
          "sessions, transactions, clock, lease, name and holder are required");
    }
    this.sessions = sessions;
    this.transactions = transactions;
    this.clock = clock;
    this.lease = lease;
    this.name = name;
    this.holder = holder;
  }

  @Override
  public Optional<Lease> tryAcquire(String runId) {
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("run id is required");
    }
    long now = clock.millis();
    long expiresAt = now + lease.toMillis();
    if (write(mapper -> mapper.acquire(name, runId, now, expiresAt, holder)) == 1) {
      return Optional.of(new SqliteLease(runId));
    }
    // Held: by a live run, or by one killed before it could release (kill -9, the OOM killer).
    Optional<LockHolderRow> held = read(mapper -> mapper.select(name).stream().findFirst());
    if (held.isPresent()
        && held.get().owner() != null
        && held.get().holder().provablyDeadAsSeenBy(holder)) {
      String deadOwner = held.get().owner();
      if (write(mapper -> mapper.takeOver(name, deadOwner, runId, now, expiresAt, holder)) == 1) {
        LOG.warn(
            "Took over the cleanup lock of run {}: its process ({}) is gone",
            deadOwner,
            held.get().holder().describe());
        return Optional.of(new SqliteLease(runId));
      }
    }
    return Optional.empty();
  }

  private <T> T read(java.util.function.Function<CleanupLockMapper, T> query) {
    return transactions.read(
        sessions,
        "the cleanup lock",
        session -> query.apply(session.getMapper(CleanupLockMapper.class)));
  }

  /**
   * Each statement in its own write transaction, the lock taken up front (see SqliteTransactions).
   */
  private int write(java.util.function.ToIntFunction<CleanupLockMapper> statement) {
    return transactions.write(
        sessions,
        "the cleanup lock",
        session -> statement.applyAsInt(session.getMapper(CleanupLockMapper.class)));
  }

  private final class SqliteLease implements Lease {
    private final String owner;
    private boolean released;

    SqliteLease(String owner) {
      this.owner = owner;
    }

    @Override
    public void keepAlive() {
      long expiresAt = clock.millis() + lease.toMillis();
      if (write(mapper -> mapper.renew(name, owner, expiresAt)) == 0) {
        throw new IllegalStateException(
            "lost the cleanup lock: its lease expired and another run took it; stopping");
      }
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        write(mapper -> mapper.release(name, owner));
      }
    }
  }
}
