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

  /**
   * Built on first use: a check of the target table alone (health, history, a dry run, the check
   * before a cleanup) needs no Flyway, whose start-up costs about 0.2 s of a one-shot command.
   */
  private Flyway flyway;

  public FlywaySchemaMigrator(DataSource dataSource, Dialect dialect, TableName table) {
    if (dataSource == null || dialect == null || table == null) {
      throw new IllegalArgumentException("dataSource, dialect and table are required");
    }
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.table = table;
  }

  private synchronized Flyway flyway() {
    if (flyway == null) {
      flyway =
          Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
              .dataSource(dataSource)
              .table(HISTORY_TABLE)
              .locations(dialect.migrationLocation())
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .baselineDescription("adopted by mAI Retention")
              .placeholderReplacement(false)
              .load();
    }
    return flyway;
  }

  /** Verifies the target table first: a database without it is refused, nothing is created. */
  @Override
  public int migrate() {
    TargetTableCheck.verify(dataSource, dialect, table);
    try {
      return flyway().migrate().migrationsExecuted;
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
      all = flyway().info().all();
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
