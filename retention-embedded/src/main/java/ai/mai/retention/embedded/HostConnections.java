package ai.mai.retention.embedded;

import ai.mai.retention.adapter.jdbc.ForwardingDataSource;
import ai.mai.retention.adapter.postgres.PostgresConnections;
import ai.mai.retention.adapter.sqlite.SqliteConnections;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The library's only way to the host's {@link DataSource}; the adapters see this one. Every
 * connection it takes from the host is checked and prepared first:
 *
 * <ul>
 *   <li>a connection inside a transaction the host began (autocommit off, or on PostgreSQL a
 *       transaction open on it) is handed straight back and the call refused, because the library
 *       commits its own short transactions and would commit or end the host's;
 *   <li>on SQLite it gets the configured busy timeout for the borrow, and its own back after.
 * </ul>
 *
 * <p>An operation first {@linkplain #withConnections reserves} every connection it will hold at
 * once; during it, the adapters' requests on that thread are served from the reservation, so a run
 * that got its connections cannot fail later for want of one (a pool too small is refused before
 * anything is deleted). Should an adapter ever need more at once, it borrows from the host as
 * before, checked the same way, and {@link #overflowBorrows()} counts it.
 */
final class HostConnections extends ForwardingDataSource {

  /** How an operation uses its reserved connections. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private final DataSource host;
  private final Database database;
  private final int busyTimeoutMillis;
  private final ThreadLocal<Reservation> reservations = new ThreadLocal<>();
  private final AtomicInteger overflowBorrows = new AtomicInteger();

  HostConnections(DataSource host, Database database, Duration lockWait) {
    this.host = host;
    this.database = database;
    this.busyTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, lockWait.toMillis());
  }

  @Override
  protected DataSource target() {
    return host;
  }

  /** Connections borrowed beyond a reservation since this object was made (tests watch it). */
  int overflowBorrows() {
    return overflowBorrows.get();
  }

  /**
   * Takes {@code count} connections from the host, checks them, then runs {@code work} with them
   * reserved for this thread, and gives them back. A call nested in another on the same thread uses
   * the outer reservation.
   *
   * @throws RetentionConfigurationException a connection was inside a host transaction
   * @throws DatabaseUnavailableException fewer than {@code count} connections could be had
   */
  <T> T withConnections(int count, String purpose, Work<T> work) throws SQLException {
    if (reservations.get() != null) {
      return work.run();
    }
    List<Borrowed> taken = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        try {
          taken.add(borrow());
        } catch (SQLException unavailable) {
          throw unavailable(purpose, i, count, unavailable);
        }
      }
      Reservation reservation = new Reservation(taken);
      reservations.set(reservation);
      try {
        return work.run();
      } finally {
        reservations.remove();
      }
    } finally {
      taken.forEach(Borrowed::release);
    }
  }

  private DatabaseUnavailableException unavailable(
      String purpose, int got, int needed, SQLException failure) {
    String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (got == 0) {
      return new DatabaseUnavailableException(
          "could not get a connection from the DataSource for "
              + purpose
              + ": "
              + reason
              + ". Check that the database is up and the credentials are right; nothing was"
              + " changed",
          failure);
    }
    return new DatabaseUnavailableException(
        "got "
            + got
            + " of the "
            + needed
            + " connections "
            + purpose
            + " holds at once, then the DataSource gave no more: "
            + reason
            + ". A "
            + database.productName()
            + " run needs at least "
            + needed
            + " connections from the pool at the same time, besides what the host itself uses:"
            + " raise the pool's maximum size (HikariCP: maximumPoolSize). Nothing was deleted",
        failure);
  }

  @Override
  public Connection getConnection() throws SQLException {
    Reservation reservation = reservations.get();
    if (reservation != null) {
      return reservation.lend();
    }
    return borrow().lendOnce();
  }

  /** One connection from the host, refused if the host's transaction is on it, then prepared. */
  private Borrowed borrow() throws SQLException {
    Connection physical = host.getConnection();
    try {
      refuseHostTransaction(physical);
      Integer previousBusyTimeout = null;
      if (database == Database.SQLITE) {
        int previous = SqliteConnections.busyTimeout(physical);
        if (previous != busyTimeoutMillis) {
          SqliteConnections.setBusyTimeout(physical, busyTimeoutMillis);
          previousBusyTimeout = previous;
        }
      }
      return new Borrowed(physical, previousBusyTimeout);
    } catch (RuntimeException | SQLException refused) {
      closeQuietly(physical);
      throw refused;
    }
  }

  private void refuseHostTransaction(Connection connection) throws SQLException {
    String why = null;
    if (!connection.getAutoCommit()) {
      why = "autocommit is off on the connection the DataSource handed out";
    } else if (database == Database.POSTGRESQL && PostgresConnections.transactionOpen(connection)) {
      why = "a transaction is open on the connection the DataSource handed out";
    }
    if (why != null) {
      throw new RetentionConfigurationException(
          "refusing to work inside a transaction the host began ("
              + why
              + "). The library runs in its own short transactions and never commits, rolls back"
              + " or changes the autocommit of one it did not begin. Call it outside your"
              + " transaction (not inside @Transactional or a TransactionTemplate), from a"
              + " DataSource whose connections come in autocommit mode (JDBC's and HikariCP's"
              + " default). Nothing was deleted");
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // Handing it back is all that is left to do.
    }
  }

  /** The connections one operation holds; lent to the adapters one borrower at a time. */
  private final class Reservation {
    private final List<Borrowed> connections;

    Reservation(List<Borrowed> connections) {
      this.connections = connections;
    }

    Connection lend() throws SQLException {
      for (Borrowed borrowed : connections) {
        if (!borrowed.lent && !borrowed.broken) {
          return borrowed.lend(false);
        }
      }
      overflowBorrows.incrementAndGet();
      return borrow().lendOnce();
    }
  }

  /** A host connection while the library has it, with what to restore when it goes back. */
  private final class Borrowed {
    private final Connection physical;
    private final Integer previousBusyTimeout;
    private boolean lent;
    private boolean broken;
    private boolean released;

    Borrowed(Connection physical, Integer previousBusyTimeout) {
      this.physical = physical;
      this.previousBusyTimeout = previousBusyTimeout;
    }

    /** Lent outside any reservation: closing it gives it back to the host. */
    Connection lendOnce() {
      return lend(true);
    }

    Connection lend(boolean releaseOnClose) {
      lent = true;
      return (Connection)
          Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              new Lent(this, releaseOnClose));
    }

    /**
     * Back from an adapter. It was lent in autocommit mode: a transaction still open on it is the
     * library's own (a failure path), and is rolled back here.
     */
    void returned(boolean release) {
      lent = false;
      if (!broken) {
        try {
          if (!physical.getAutoCommit()) {
            physical.rollback();
            physical.setAutoCommit(true);
          }
        } catch (SQLException | RuntimeException unusable) {
          broken = true;
        }
      }
      if (release) {
        release();
      }
    }

    void release() {
      if (released) {
        return;
      }
      released = true;
      if (previousBusyTimeout != null && !broken) {
        try {
          SqliteConnections.setBusyTimeout(physical, previousBusyTimeout);
        } catch (SQLException | RuntimeException ignored) {
          // The host's pool validates what it gets back.
        }
      }
      closeQuietly(physical);
    }
  }

  /** The adapters' view of a borrowed connection: closing it returns it, nothing more. */
  private static final class Lent implements InvocationHandler {
    private final Borrowed borrowed;
    private final boolean releaseOnClose;
    private boolean closed;

    Lent(Borrowed borrowed, boolean releaseOnClose) {
      this.borrowed = borrowed;
      this.releaseOnClose = releaseOnClose;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "close":
          if (!closed) {
            closed = true;
            borrowed.returned(releaseOnClose);
          }
          return null;
        case "isClosed":
          return closed || borrowed.physical.isClosed();
        case "abort":
          // A connection that may still hold a session lock must not go back to the pool as is.
          borrowed.broken = true;
          borrowed.physical.abort((Executor) args[0]);
          if (!closed) {
            closed = true;
            borrowed.returned(releaseOnClose);
          }
          return null;
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "retention connection over " + borrowed.physical;
        case "unwrap":
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return proxy;
          }
          break;
        case "isWrapperFor":
          if (((Class<?>) args[0]).isInstance(proxy)) {
            return true;
          }
          break;
        default:
          break;
      }
      if (closed) {
        throw new SQLException("this connection was already given back");
      }
      try {
        return method.invoke(borrowed.physical, args);
      } catch (InvocationTargetException failure) {
        throw failure.getCause();
      }
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "the library uses the host's DataSource with its own credentials");
  }
}
