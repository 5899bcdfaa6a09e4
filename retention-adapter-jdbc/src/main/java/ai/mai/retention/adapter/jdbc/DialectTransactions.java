package ai.mai.retention.adapter.jdbc;

import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;

/**
 * How every transaction of the library begins, ends and is retried on one database: one object per
 * dialect, given to the journal, the stores, the locks and the migrator, so that no shared code
 * switches on the dialect.
 *
 * <p>SQLite ({@code SqliteTransactions}): a write transaction takes the write lock up front ({@code
 * BEGIN IMMEDIATE}, on a session in autocommit mode, so nothing is held between transactions) and
 * is retried within the lock wait when the database is busy. PostgreSQL ({@code
 * PostgresTransactions}): a plain transaction whose first statement bounds every statement in it
 * (lock wait, statement timeout, no JIT).
 *
 * <p>A database that stays busy past the lock wait ends in {@link
 * ai.mai.retention.core.port.out.DatabaseBusyException}.
 */
public interface DialectTransactions {

  /** What runs inside one transaction; it may run again on a retry, so it starts from scratch. */
  @FunctionalInterface
  interface Work<T> {
    T run(SqlSession session);
  }

  /** A session for {@link #write} and {@link #read} on this database; the caller closes it. */
  SqlSession openSession(SqlSessionFactory sessions);

  /**
   * Runs {@code work} in one transaction that may write, commits it and returns its result; rolls
   * back and rethrows on failure.
   *
   * @param what names the work in error messages, e.g. "a delete batch on processed_generations"
   */
  <T> T write(SqlSession session, String what, Work<T> work);

  /** Runs {@code work} in one read-only transaction: every statement sees the same snapshot. */
  <T> T read(SqlSession session, String what, Work<T> work);

  /**
   * Runs the library's migrations ({@code migration} runs Flyway on the data source it is given)
   * the way this database needs, and returns how many were applied.
   */
  int migrate(DataSource dataSource, ToIntFunction<DataSource> migration);

  default <T> T write(SqlSessionFactory sessions, String what, Work<T> work) {
    try (SqlSession session = openSession(sessions)) {
      return write(session, what, work);
    }
  }

  default <T> T read(SqlSessionFactory sessions, String what, Work<T> work) {
    try (SqlSession session = openSession(sessions)) {
      return read(session, what, work);
    }
  }
}
