package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.port.out.CleanupLock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * The run lock as a session-level advisory lock ({@code pg_try_advisory_lock(namespace, key)}) held
 * on one dedicated connection for the whole run. The server releases it when that session ends, so
 * a process that dies holding it blocks nobody: no lease to expire, no row to clean up.
 *
 * <p>Keys: the two-integer form, whose key space never meets the one-{@code bigint} form hosts
 * usually use. The first integer is a fixed namespace, the second a CRC-32 of the target table's
 * schema-qualified name, the schema being where the name resolves for this connection. Advisory
 * locks are per database: client deployments that share one database, each in its own schema, do
 * not lock each other out.
 */
public final class PostgresCleanupLock implements CleanupLock {

  /** {@code 'mAIR'} in ASCII: fixed forever, or two versions would not exclude each other. */
  public static final int NAMESPACE = 0x6D41_4952;

  private final SqlSessionFactory sessions;
  private final DialectTransactions transactions;
  private final TableName table;

  public PostgresCleanupLock(
      SqlSessionFactory sessions, DialectTransactions transactions, TableName table) {
    if (sessions == null || transactions == null || table == null) {
      throw new IllegalArgumentException("sessions, transactions and table are required");
    }
    this.sessions = sessions;
    this.transactions = transactions;
    this.table = table;
  }

  /**
   * The second key for a table in a schema: non-negative (advisory keys show up as {@code oid}s in
   * {@code pg_locks}), and case-insensitive because PostgreSQL folds the unquoted name the SQL
   * uses.
   */
  static int keyOf(String schema, TableName table) {
    CRC32 crc = new CRC32();
    crc.update(
        ("cleanup:" + schema + "." + table.value().toLowerCase(Locale.ROOT))
            .getBytes(StandardCharsets.UTF_8));
    return (int) (crc.getValue() & 0x7FFF_FFFF);
  }

  @Override
  public Optional<Lease> tryAcquire(String runId) {
    if (runId == null || runId.isEmpty()) {
      throw new IllegalArgumentException("run id is required");
    }
    // A session-level lock outlives the transaction that took it: the connection stays with the
    // lease, and each of its statements runs in a short bounded transaction.
    SqlSession session = transactions.openSession(sessions);
    try {
      Integer key =
          transactions.write(
              session,
              "taking the cleanup lock",
              s -> {
                CleanupLockMapper mapper = s.getMapper(CleanupLockMapper.class);
                int candidate = keyOf(mapper.schemaOf(table.value()), table);
                return mapper.tryLock(NAMESPACE, candidate) ? candidate : null;
              });
      if (key != null) {
        return Optional.of(new AdvisoryLease(session, key));
      }
    } catch (RuntimeException failure) {
      session.close();
      throw failure;
    }
    session.close();
    return Optional.empty();
  }

  private final class AdvisoryLease implements Lease {
    private final SqlSession session;
    private final int key;
    private boolean released;

    AdvisoryLease(SqlSession session, int key) {
      this.session = session;
      this.key = key;
    }

    /** Proves the lock is still ours: if its connection died, another run may have taken it. */
    @Override
    public void keepAlive() {
      boolean held;
      try {
        held =
            transactions.read(
                session,
                "checking the cleanup lock",
                s -> s.getMapper(CleanupLockMapper.class).holds(NAMESPACE, key));
      } catch (RuntimeException failure) {
        throw new IllegalStateException(
            "lost the cleanup lock: its connection failed (" + failure.getMessage() + "); stopping",
            failure);
      }
      if (!held) {
        throw new IllegalStateException("lost the cleanup lock; stopping");
      }
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      released = true;
      try {
        transactions.write(
            session,
            "releasing the cleanup lock",
            s -> s.getMapper(CleanupLockMapper.class).unlock(NAMESPACE, key));
      } catch (RuntimeException unlockFailed) {
        // A pool must not hand out a session that may still hold the lock: drop the connection.
        abortQuietly();
      } finally {
        session.close();
      }
    }

    private void abortQuietly() {
      try {
        Connection connection = session.getConnection();
        connection.abort(Runnable::run);
      } catch (Exception | AbstractMethodError ignored) {
        // Already broken: the server ends the session, and with it the lock.
      }
    }
  }
}
