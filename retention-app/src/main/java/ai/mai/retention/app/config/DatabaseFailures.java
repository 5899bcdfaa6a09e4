package ai.mai.retention.app.config;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Locale;

/**
 * Tells a database that is busy or away for the moment (a failed run, exit 1: try again) from a
 * configuration that can never work (exit 2: fix the setting). Read from the failure's causes.
 */
public final class DatabaseFailures {

  private DatabaseFailures() {}

  /**
   * True for a busy SQLite file ({@code SQLITE_BUSY}, {@code SQLITE_LOCKED}), a PostgreSQL server
   * that refuses or drops connections, is starting or shutting down, is out of connections, or gave
   * up on a lock, a deadlock or a serialization conflict, and for timeouts reaching it. An unknown
   * host name or a wrong password is configuration.
   */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = next(cause)) {
      if (cause instanceof UnknownHostException) {
        return false;
      }
    }
    int depth = 0;
    for (Throwable cause = failure; cause != null && depth < 20; cause = next(cause), depth++) {
      if (cause instanceof ConnectException
          || cause instanceof NoRouteToHostException
          || cause instanceof SocketTimeoutException
          || cause instanceof SQLTransientException) {
        return true;
      }
      if (cause instanceof SQLException sql && (busySqlite(sql) || unavailablePostgres(sql))) {
        return true;
      }
    }
    return false;
  }

  private static boolean busySqlite(SQLException sql) {
    String message = String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT);
    return message.startsWith("[SQLITE_BUSY") || message.startsWith("[SQLITE_LOCKED");
  }

  private static boolean unavailablePostgres(SQLException sql) {
    String state = sql.getSQLState();
    if (state == null) {
      return false;
    }
    return state.startsWith("08") // connection exception: refused, broken, cannot connect
        || state.startsWith("53") // insufficient resources: too many connections, disk full
        || state.startsWith("57P") // admin shutdown, crash shutdown, cannot connect now
        || state.equals("40001") // serialization failure
        || state.equals("40P01") // deadlock detected
        || state.equals("55P03"); // lock not available (lock_timeout)
  }

  private static Throwable next(Throwable cause) {
    Throwable next = cause.getCause();
    if (next == null && cause instanceof SQLException sql) {
      next = sql.getNextException();
    }
    return next == cause ? null : next;
  }
}
