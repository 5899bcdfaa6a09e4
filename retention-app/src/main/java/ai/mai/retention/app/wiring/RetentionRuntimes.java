package ai.mai.retention.app.wiring;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.adapter.postgres.PostgresRetention;
import ai.mai.retention.adapter.postgres.PostgresSettings;
import ai.mai.retention.adapter.sqlite.SqliteDataSources;
import ai.mai.retention.adapter.sqlite.SqliteDialect;
import ai.mai.retention.adapter.sqlite.SqliteRetention;
import ai.mai.retention.adapter.sqlite.SqliteSettings;
import ai.mai.retention.adapter.sqlite.SqliteTransactions;
import ai.mai.retention.app.config.AppSettings;
import ai.mai.retention.app.config.ConfigurationException;
import ai.mai.retention.app.config.DatabaseTarget;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.DatabaseBusyException;
import ai.mai.retention.core.service.FailureMessages;
import com.google.inject.Guice;
import com.google.inject.Module;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Opens the configured database: the composition root of the adapter, pool and use cases. */
public final class RetentionRuntimes {

  /** What a command may do to the database. */
  public enum Access {
    /** Migrations, cleanups, the journal, the lock. */
    READ_WRITE,
    /**
     * Health, history and dry runs: connections that cannot write (SQLite opened read-only,
     * PostgreSQL sessions in read-only transactions), so that they work on a read-only file or
     * mount and with a SELECT-only user, and change nothing, not even SQLite's journal mode.
     */
    READ_ONLY
  }

  /** How long getting a connection may take before the command fails. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private RetentionRuntimes() {}

  /**
   * @param extraModules what a command adds to the wiring (the daemon's scheduler)
   */
  public static RetentionRuntime open(
      AppSettings settings,
      Clock clock,
      CleanupListener listener,
      List<Module> extraModules,
      Access access) {
    TableName table = TableName.of(settings.table());
    DatabaseTarget target = settings.database();
    HikariDataSource pool = connect(target, table, settings.lockWait(), access);
    try {
      Module adapter =
          new AdapterPortsModule(
              switch (target.dialect()) {
                case SQLITE ->
                    SqliteRetention.create(
                        pool, SqliteSettings.defaults().withTable(table).withClock(clock));
                case POSTGRESQL ->
                    PostgresRetention.create(
                        pool,
                        PostgresSettings.defaults()
                            .withTable(table)
                            .withLockWait(settings.lockWait())
                            .withStatementTimeout(settings.statementTimeout()));
              });
      List<Module> modules = new ArrayList<>();
      modules.add(new ApplicationModule(settings, clock, listener, pool));
      modules.add(adapter);
      modules.addAll(extraModules);
      return new RetentionRuntime(settings, Guice.createInjector(modules), pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** A small pool, checked once so that a bad URL, host or password fails here (exit 2). */
  private static HikariDataSource connect(
      DatabaseTarget target, TableName table, Duration lockWait, Access access) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("retention");
    // A run holds up to three (lock, sweep, journal); a clustered Quartz store takes a few more.
    config.setMaximumPoolSize(10);
    config.setMinimumIdle(0);
    // A database that is away fails a command (or the daemon's /health) within seconds.
    config.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
    // Try one connection while building the pool: a wrong password or host fails here, at once.
    config.setInitializationFailTimeout(1);
    switch (target.dialect()) {
      case SQLITE -> {
        Path file = target.sqliteFile().orElseThrow();
        if (!Files.isRegularFile(file)) {
          throw new ConfigurationException(
              "database file not found: "
                  + file.toAbsolutePath()
                  + " (set RETENTION_DB_URL / --db to jdbc:sqlite:<existing file>; it is never created)");
        }
        DataSource reading = SqliteDataSources.forReading(target.jdbcUrl(), lockWait);
        // Check the table before the cleanup data source switches the file to WAL: a database
        // this tool must not clean is left byte-for-byte as it was.
        new FlywaySchemaMigrator(reading, SqliteDialect.INSTANCE, table).verifyTargetTable();
        if (access == Access.READ_ONLY) {
          config.setDataSource(reading);
          config.setReadOnly(true);
        } else {
          config.setDataSource(SqliteDataSources.forCleanup(target.jdbcUrl(), lockWait));
        }
      }
      case POSTGRESQL -> {
        config.setJdbcUrl(target.jdbcUrl());
        target.user().ifPresent(config::setUsername);
        target.password().ifPresent(config::setPassword);
        // pgjdbc waits 10 s for a TCP connection by default; a URL's own setting wins.
        if (!target.jdbcUrl().toLowerCase(java.util.Locale.ROOT).contains("connecttimeout=")) {
          config.addDataSourceProperty(
              "connectTimeout", String.valueOf(CONNECT_TIMEOUT.toSeconds()));
        }
        // Every transaction READ ONLY: the server refuses any write, whatever the user may do.
        config.setReadOnly(access == Access.READ_ONLY);
      }
    }
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      if (SqliteTransactions.isBusy(e)) {
        // Opening switches the file to WAL, which waits for other connections' locks: a busy
        // database is a failed run (exit 1), not a bad configuration.
        throw new DatabaseBusyException(
            "cannot open "
                + target.maskedUrl()
                + ": the database stayed locked by other connections for more than "
                + lockWait.toMillis()
                + " ms (RETENTION_LOCK_WAIT / --lock-wait); try again later",
            e);
      }
      throw new ConfigurationException(
          "cannot connect to " + target.maskedUrl() + ": " + FailureMessages.describe(e), e);
    }
  }
}
