package ai.mai.retention.adapter.jdbc;

import ai.mai.retention.core.port.out.RetentionSchema;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;

/**
 * The library's tables in one database, migrated by Flyway from {@code
 * classpath:db/retention/<dialect>} with its own history table, so the host's migrations are not
 * disturbed. A database that already holds the host's tables (and maybe the Python service's audit
 * table) is baselined at version 0, so every versioned migration still runs on it; the migrations
 * adopt the audit table without touching its rows.
 */
public final class FlywaySchemaMigrator implements RetentionSchema {

  public static final String HISTORY_TABLE = "retention_schema_history";

  private final DataSource dataSource;
  private final Dialect dialect;
  private final TableName table;
  private final DialectTransactions transactions;
  private final Flyway flyway;

  /**
   * For the checks only ({@link #verify}, {@link #verifyTargetTable}); migrates without retries.
   */
  public FlywaySchemaMigrator(DataSource dataSource, Dialect dialect, TableName table) {
    this(dataSource, dialect, table, null);
  }

  /**
   * @param transactions how this database runs the migrations (SQLite: under the write lock taken
   *     up front, retried while busy); null runs Flyway as it is
   */
  public FlywaySchemaMigrator(
      DataSource dataSource, Dialect dialect, TableName table, DialectTransactions transactions) {
    if (dataSource == null || dialect == null || table == null) {
      throw new IllegalArgumentException("dataSource, dialect and table are required");
    }
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.table = table;
    this.transactions = transactions;
    this.flyway = flyway(dataSource);
  }

  private Flyway flyway(DataSource migrated) {
    return Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
        .dataSource(migrated)
        .table(HISTORY_TABLE)
        .locations(dialect.migrationLocation())
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription("adopted by mAI Retention")
        .placeholderReplacement(false)
        .load();
  }

  /**
   * Verifies the target table first: a database without it is refused, nothing is created. The
   * check and the migrations run on the data source the dialect's transactions hand in (on SQLite,
   * one connection holding the write lock), so they see one state of the database.
   *
   * @throws ai.mai.retention.core.port.out.DatabaseBusyException when the database stayed locked by
   *     others past the lock wait: a failed run, not a configuration problem
   */
  @Override
  public int migrate() {
    if (transactions == null) {
      return migrateOn(dataSource);
    }
    return transactions.migrate(dataSource, this::migrateOn);
  }

  private int migrateOn(DataSource migrated) {
    TargetTableCheck.verify(migrated, dialect, table);
    try {
      return flyway(migrated).migrate().migrationsExecuted;
    } catch (FlywayException e) {
      throw new SchemaProblemException(
          "migrating the retention tables failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void verify() {
    TargetTableCheck.verify(dataSource, dialect, table);
    MigrationInfo[] all;
    try {
      all = flyway.info().all();
    } catch (FlywayException e) {
      throw new SchemaProblemException(
          "cannot read the retention migration history: " + e.getMessage(), e);
    }
    String failed =
        Arrays.stream(all)
            .filter(info -> info.getState().isFailed())
            .map(FlywaySchemaMigrator::describe)
            .collect(Collectors.joining(", "));
    if (!failed.isEmpty()) {
      throw new SchemaProblemException(
          "retention migrations failed earlier ("
              + failed
              + "); repair the database, then run migrate");
    }
    String pending =
        Arrays.stream(all)
            .filter(info -> info.getState() == MigrationState.PENDING)
            .map(FlywaySchemaMigrator::describe)
            .collect(Collectors.joining(", "));
    if (!pending.isEmpty()) {
      throw new SchemaProblemException(
          "the retention tables are not up to date (pending: " + pending + "); run migrate first");
    }
  }

  /** The target table only: what a dry run needs, before the library's tables exist. */
  @Override
  public void verifyTargetTable() {
    TargetTableCheck.verify(dataSource, dialect, table);
  }

  private static String describe(MigrationInfo info) {
    return "V" + info.getVersion() + " " + info.getDescription();
  }
}
