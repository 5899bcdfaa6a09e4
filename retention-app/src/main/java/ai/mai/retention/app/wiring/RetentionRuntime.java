package ai.mai.retention.app.wiring;

import ai.mai.retention.app.config.Configuration;
import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.DatabaseTarget;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.embedded.Database;
import ai.mai.retention.embedded.FailureText;
import ai.mai.retention.embedded.Retention;
import ai.mai.retention.embedded.RetentionConfigurationException;
import ai.mai.retention.embedded.SqliteFiles;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The app's composition root, in plain construction: the front door over the app's HikariCP pool on
 * the configured database, for one command. The front door is built first (which needs no
 * connection, the pool starts on its first use), so every setting is checked before anything
 * reaches the database; then the pool connects once. Closing it closes the pool.
 */
public final class RetentionRuntime implements AutoCloseable {

  /** How long getting a connection may take before the command fails. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** A run holds up to three (lock, sweep, journal); a clustered Quartz store takes a few more. */
  static final int POOL_SIZE = 10;

  private final HikariDataSource pool;
  private final Retention retention;

  private RetentionRuntime(HikariDataSource pool, Retention retention) {
    this.pool = pool;
    this.retention = retention;
  }

  /**
   * @param listeners the command's own (logs, progress bar, metrics), in the order they hear a run
   * @throws ConfigurationException a setting the library refuses, or no connection (exit 2; 1 when
   *     the database is only away for now)
   */
  public static RetentionRuntime open(
      Configuration configuration, Access access, Clock clock, CleanupListener... listeners) {
    HikariDataSource pool = pool(configuration.database(), access);
    try {
      Retention retention =
          configuration.retention(
              pool,
              builder -> {
                builder.clock(clock).readOnly(access == Access.READ_ONLY);
                for (CleanupListener listener : listeners) {
                  builder.listener(listener);
                }
              });
      connect(pool, configuration, access, retention.lockWait());
      return new RetentionRuntime(pool, retention);
    } catch (RuntimeException failure) {
      pool.close();
      throw failure;
    }
  }

  /**
   * A pool that starts on first use. PostgreSQL's read-only commands run every transaction READ
   * ONLY, so the server refuses any write.
   */
  private static HikariDataSource pool(DatabaseTarget target, Access access) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("retention");
    pool.setMaximumPoolSize(POOL_SIZE);
    pool.setMinimumIdle(0);
    // A database that is away fails a command (or the daemon's /health) within seconds.
    pool.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    // The first connection is tried as the pool starts: a wrong password or host fails at once.
    pool.setInitializationFailTimeout(1);
    pool.setReadOnly(access == Access.READ_ONLY);
    if (target.dialect() == Database.POSTGRESQL) {
      pool.setJdbcUrl(target.jdbcUrl());
      target.user().ifPresent(pool::setUsername);
      target.password().ifPresent(pool::setPassword);
      // pgjdbc waits 10 s for a TCP connection by default; a URL's own setting wins.
      if (!target.jdbcUrl().toLowerCase(Locale.ROOT).contains("connecttimeout=")) {
        pool.addDataSourceProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
      }
    }
    return pool;
  }

  /**
   * Starts the pool with one connection. SQLite: the library's data source over the file (a missing
   * one refused, nothing created or switched; read-only commands open it {@code
   * SQLITE_OPEN_READONLY}), with the lock wait as its busy timeout.
   */
  private static void connect(
      HikariDataSource pool, Configuration configuration, Access access, Duration lockWait) {
    DatabaseTarget target = configuration.database();
    if (target.dialect() == Database.SQLITE) {
      try {
        pool.setDataSource(
            access == Access.READ_ONLY
                ? SqliteFiles.forReading(target.jdbcUrl(), lockWait)
                : SqliteFiles.forCleanup(target.jdbcUrl(), lockWait));
      } catch (RetentionConfigurationException refused) {
        throw configuration.explain(refused);
      }
    }
    try (Connection first = pool.getConnection()) {
      // The pool is up: the URL, host and credentials work.
    } catch (SQLException | RuntimeException e) {
      throw new ConfigurationException(
          "cannot connect to " + target.maskedUrl() + ": " + FailureText.describe(e), e);
    }
  }

  /**
   * Checks every setting as {@link #open} does, and connects to nothing: for {@code config}.
   *
   * @throws ConfigurationException a setting the library refuses
   */
  public static void check(Configuration configuration) {
    try (HikariDataSource neverStarted = pool(configuration.database(), Access.READ_WRITE)) {
      configuration.retention(neverStarted, builder -> {});
    }
  }

  public Retention retention() {
    return retention;
  }

  @Override
  public void close() {
    pool.close();
  }
}
