package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.core.port.out.CleanupLock;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The run lock as a lease row in {@code retention_lock}: visible to every process that opens the
 * file, taken with one conditional upsert, renewed after every batch and released on close. A
 * process that dies holding it blocks others for at most one lease.
 */
public final class SqliteCleanupLock implements CleanupLock {

  /** The one lock name cleanup runs share. */
  public static final String CLEANUP = "cleanup";

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;
  private final Clock clock;
  private final Duration lease;
  private final String name;

  public SqliteCleanupLock(
      SqlSessionFactory sessions, DialectTransactions transactions, Clock clock, Duration lease) {
    this(sessions, transactions, clock, lease, CLEANUP);
  }

  SqliteCleanupLock(
      SqlSessionFactory sessions,
      DialectTransactions transactions,
      Clock clock,
      Duration lease,
      String name) {
    if (sessions == null
        || transactions == null
        || clock == null
        || lease == null
        || name == null) {
      throw new IllegalArgumentException(
          "sessions, transactions, clock, lease and name are required");
    }
    this.sessions = sessions;
    this.transactions = transactions;
    this.clock = clock;
    this.lease = lease;
    this.name = name;
  }

  @Override
  public Optional<Lease> tryAcquire(String runId) {
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("run id is required");
    }
    long now = clock.millis();
    int taken = write(mapper -> mapper.acquire(name, runId, now, now + lease.toMillis()));
    return taken == 1 ? Optional.of(new SqliteLease(runId)) : Optional.empty();
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
