package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.DialectTransactions;
import ai.mai.retention.core.port.out.DatabaseBusyException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteException;

/**
 * Transactions on a SQLite file that mAI writes to all day.
 *
 * <p>A write transaction takes the write lock up front with {@code BEGIN IMMEDIATE}. A deferred
 * transaction reads first and asks for the write lock later; in WAL mode, if another connection
 * committed in between, SQLite fails it at once with {@code SQLITE_BUSY_SNAPSHOT} without waiting
 * in the busy handler (a first migration with mAI inserting every 2 ms failed 4 times in 4). {@code
 * BEGIN IMMEDIATE} waits in the busy handler (the connection's busy timeout, the lock wait) until
 * it has the lock, and then nothing in the transaction can fail for being busy, except the commit
 * of a rollback-journal database waiting for readers.
 *
 * <p>The transaction is begun and ended with explicit SQL on a session in autocommit mode. Not
 * sqlite-jdbc's IMMEDIATE transaction mode: that begins the next transaction right after each
 * commit, so a sweep's session would hold the write lock between its batches, while mAI waits.
 *
 * <p>What still fails as busy (the busy timeout ran out, or a kind of busy the handler does not
 * wait for, such as a WAL recovery) is rolled back and tried again from the start until the lock
 * wait is spent; then it ends in {@link DatabaseBusyException}.
 */
public final class SqliteTransactions implements DialectTransactions {

  /** When the connection cannot say its busy timeout (a host's wrapper): the library's default. */
  static final Duration FALLBACK_LOCK_WAIT =
      Duration.ofMillis(SqliteDataSources.BUSY_TIMEOUT_MILLIS);

  /** SQLite's primary result code for a busy database (extended codes keep it in the low byte). */
  static final int SQLITE_BUSY = 5;

  @Override
  public SqlSession openSession(SqlSessionFactory sessions) {
    // Autocommit: between transactions the connection holds no lock and no snapshot.
    return sessions.openSession(true);
  }

  @Override
  public <T> T write(SqlSession session, String what, Work<T> work) {
    return inTransaction(session, "BEGIN IMMEDIATE", what, work);
  }

  @Override
  public <T> T read(SqlSession session, String what, Work<T> work) {
    return inTransaction(session, "BEGIN", what, work);
  }

  private <T> T inTransaction(SqlSession session, String begin, String what, Work<T> work) {
    return retryWhileBusy(
        what,
        () -> session.getConnection(),
        connection -> {
          execute(connection, begin);
          return () -> work.run(session);
        },
        false);
  }

  /**
   * One connection, holding the write lock from before the target table's check until after the
   * last migration: Flyway's reads and writes see one state of the file, two processes migrating at
   * once take turns (the second finds nothing left to do), and nothing can fail with {@code
   * SQLITE_BUSY_SNAPSHOT} halfway. Flyway's own commits and rollbacks are absorbed; the whole
   * migration commits or rolls back as one.
   */
  @Override
  public int migrate(DataSource dataSource, ToIntFunction<DataSource> migration) {
    return retryWhileBusy(
        "migrating the retention tables",
        dataSource::getConnection,
        connection -> {
          execute(connection, "BEGIN IMMEDIATE");
          return () -> migration.applyAsInt(HeldConnectionDataSource.of(connection));
        },
        true);
  }

  /** Opens a connection (or takes the session's); its failure is retried like a busy begin. */
  @FunctionalInterface
  private interface ConnectionSource {
    Connection get() throws SQLException;
  }

  /** Begins the transaction on the connection and returns its work. */
  @FunctionalInterface
  private interface Begin<T> {
    java.util.function.Supplier<T> begin(Connection connection) throws SQLException;
  }

  /**
   * Opens (or borrows) the connection, begins, runs the work and commits; on a busy database, rolls
   * back and starts again until the lock wait is spent. Opening is inside the loop too: a
   * connection that switches a rollback-journal file to WAL as it opens can meet another doing the
   * same, and SQLite then answers busy at once (a deadlock its busy handler does not wait out).
   */
  private <T> T retryWhileBusy(
      String what, ConnectionSource connections, Begin<T> transaction, boolean closeConnection) {
    long started = System.nanoTime();
    Duration lockWait = FALLBACK_LOCK_WAIT;
    for (int attempt = 1; ; attempt++) {
      Connection connection = null;
      boolean begun = false;
      try {
        connection = connections.get();
        lockWait = lockWait(connection);
        java.util.function.Supplier<T> work = transaction.begin(connection);
        begun = true;
        T result = work.get();
        execute(connection, "COMMIT");
        return result;
      } catch (RuntimeException | SQLException failure) {
        if (begun) {
          rollbackQuietly(connection, failure);
        }
        if (!isBusy(failure)) {
          throw failure instanceof RuntimeException runtime
              ? runtime
              : new IllegalStateException(what + " failed: " + failure.getMessage(), failure);
        }
        long deadline = started + lockWait.toNanos();
        if (System.nanoTime() >= deadline) {
          throw busy(what, lockWait, attempt, failure);
        }
        pauseBeforeRetry(deadline);
      } finally {
        if (closeConnection && connection != null) {
          closeQuietly(connection);
        }
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Nothing was left open on it: the transaction was committed or rolled back.
    }
  }

  /** True when SQLite said busy anywhere in the chain (MyBatis and Flyway wrap its exception). */
  private static boolean isBusy(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLiteException sqlite
          && (sqlite.getResultCode().code & 0xFF) == SQLITE_BUSY) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static DatabaseBusyException busy(
      String what, Duration lockWait, int attempts, Throwable failure) {
    return new DatabaseBusyException(
        what
            + " gave up: the database stayed locked by other connections for more than "
            + lockWait.toMillis()
            + " ms ("
            + attempts
            + (attempts == 1 ? " attempt" : " attempts")
            + "; RETENTION_LOCK_WAIT / --lock-wait); nothing of it was committed, the next run"
            + " tries again",
        failure);
  }

  /** The connection's busy timeout: how long SQLite waits for the lock, hence the lock wait. */
  static Duration lockWait(Connection connection) {
    try {
      return Duration.ofMillis(connection.unwrap(SQLiteConnection.class).getBusyTimeout());
    } catch (SQLException | RuntimeException notSqliteJdbc) {
      return FALLBACK_LOCK_WAIT;
    }
  }

  /** A few milliseconds, jittered, so that retrying processes do not move in step. */
  private static void pauseBeforeRetry(long deadline) {
    long left = deadline - System.nanoTime();
    long pause =
        Math.min(left, Duration.ofMillis(5 + ThreadLocalRandom.current().nextInt(20)).toNanos());
    if (pause <= 0) {
      return;
    }
    try {
      Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      execute(connection, "ROLLBACK");
    } catch (SQLException rollbackFailure) {
      // "no transaction is active": SQLite already rolled it back (some errors do).
      if (!String.valueOf(rollbackFailure.getMessage()).contains("no transaction is active")) {
        failure.addSuppressed(rollbackFailure);
      }
    }
  }
}
