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

  /**
   * @param transactions how this database runs the migrations (SQLite: under the write lock taken
   *     up front, retried while busy)
   */
  public FlywaySchemaMigrator(
      DataSource dataSource, Dialect dialect, TableName table, DialectTransactions transactions) {
    if (dataSource == null || dialect == null || table == null || transactions == null) {
      throw new IllegalArgumentException(
          "dataSource, dialect, table and transactions are required");
    }
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.table = table;
    this.transactions = transactions;
  }

  /**
   * A Flyway for one operation. Flyway keeps the configuration of the last instance made in a
   * static field ({@code LogFactory}), so it gets a data source that lets go of the host's pool
   * once the operation is over: nothing static keeps a host's pool alive after that.
   */
  private <T> T withFlyway(
      DataSource connections, java.util.function.Function<Flyway, T> operation) {
    ReleasableDataSource lease = new ReleasableDataSource(connections);
    try {
      return operation.apply(configure(lease));
    } finally {
      lease.release();
    }
  }

  private <T> T withFlyway(java.util.function.Function<Flyway, T> operation) {
    return withFlyway(dataSource, operation);
  }

  private Flyway configure(DataSource connections) {
    return Flyway.configure(FlywaySchemaMigrator.class.getClassLoader())
        .dataSource(connections)
        .table(HISTORY_TABLE)
        .locations(dialect.migrationLocation())
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .baselineDescription(BASELINE_DESCRIPTION)
        .placeholderReplacement(false)
        // Up to 0.1 the PostgreSQL adapter's V4 created the Quartz tables; the scheduler owns
        // them now. Databases that applied that V4 keep it in their history, where Flyway
        // would otherwise refuse it as applied but no longer resolved.
        .ignoreMigrationPatterns("*:future", "versioned:missing")
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
    return transactions.migrate(dataSource, this::migrateOn);
  }

  private int migrateOn(DataSource migrated) {
    TargetTableCheck.verify(migrated, dialect, table);
    try {
      return withFlyway(migrated, flyway -> flyway.migrate().migrationsExecuted);
    } catch (FlywayException e) {
      throw new SchemaProblemException(
          "migrating the retention tables failed: " + withoutFlywayCliAdvice(e.getMessage()), e);
    }
  }

  @Override
  public void verify() {
    TargetTableCheck.verify(dataSource, dialect, table);
    MigrationInfo[] all;
    try {
      all = withFlyway(flyway -> flyway.info().all());
    } catch (FlywayException e) {
      throw new SchemaProblemException(
          "cannot read the retention migration history: " + withoutFlywayCliAdvice(e.getMessage()),
          e);
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

  /**
   * The SQL {@link #migrate()} would run now, without running it: every pending migration in order,
   * inside one transaction, each followed by the row Flyway would have written to {@link
   * #HISTORY_TABLE} (created first, with the baseline {@code migrate()} writes, when missing), so
   * that a database migrated by hand from this script is up to date for Flyway too.
   */
  public String pendingMigrationScript() {
    MigrationInfo[] applied;
    MigrationInfo[] pending;
    try {
      MigrationInfo[][] both =
          withFlyway(
              flyway -> {
                org.flywaydb.core.api.MigrationInfoService info = flyway.info();
                return new MigrationInfo[][] {info.applied(), info.pending()};
              });
      applied = both[0];
      pending = both[1];
    } catch (FlywayException e) {
      throw new SchemaProblemException(
          "cannot read the retention migration history: " + withoutFlywayCliAdvice(e.getMessage()),
          e);
    }
    String user = dialect.currentUserSql();
    StringBuilder sql = new StringBuilder();
    sql.append("-- mAI Retention: the migrations migrate() would apply to this database now.\n")
        .append("-- Apply as the owner of the tables, in one go; each migration is recorded in ")
        .append(HISTORY_TABLE)
        .append("\n-- as migrate() records it, so the library then finds nothing pending.\n")
        .append("BEGIN;\n\n");
    int rank = 0;
    for (MigrationInfo info : applied) {
      rank = Math.max(rank, info.getInstalledRank() == null ? 0 : info.getInstalledRank());
    }
    if (applied.length == 0 && pending.length > 0) {
      sql.append(dialect.historyTableDdl(HISTORY_TABLE)).append('\n');
      rank++;
      sql.append(historyRow(rank, "'0'", BASELINE_DESCRIPTION, "BASELINE", BASELINE_DESCRIPTION))
          .append(" NULL, ")
          .append(user)
          .append(", 0, ")
          .append(dialect.trueLiteral())
          .append(");\n\n");
    }
    for (MigrationInfo info : pending) {
      rank++;
      sql.append("-- V")
          .append(info.getVersion())
          .append(' ')
          .append(info.getDescription())
          .append(" (")
          .append(info.getScript())
          .append(")\n")
          .append(resource(info.getScript()).strip())
          .append("\n\n")
          .append(
              historyRow(
                  rank,
                  quote(info.getVersion().getVersion()),
                  info.getDescription(),
                  info.getType().name(),
                  info.getScript()))
          .append(' ')
          .append(info.getChecksum())
          .append(", ")
          .append(user)
          .append(", 0, ")
          .append(dialect.trueLiteral())
          .append(");\n\n");
    }
    return sql.append("COMMIT;\n").toString();
  }

  private static final String BASELINE_DESCRIPTION = "adopted by mAI Retention";

  private String historyRow(
      int rank, String version, String description, String type, String script) {
    return "INSERT INTO "
        + HISTORY_TABLE
        + " (installed_rank, version, description, type, script, checksum, installed_by,"
        + " execution_time, success) VALUES ("
        + rank
        + ", "
        + version
        + ", "
        + quote(description)
        + ", "
        + quote(type)
        + ", "
        + quote(script)
        + ",";
  }

  private String resource(String script) {
    String path = dialect.migrationLocation().substring("classpath:".length()) + "/" + script;
    try (java.io.InputStream in =
        FlywaySchemaMigrator.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new SchemaProblemException("migration " + path + " is missing from the class path");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new SchemaProblemException("cannot read migration " + path + ": " + e.getMessage(), e);
    }
  }

  private static String quote(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The target table only: what a dry run needs, before the library's tables exist. */
  @Override
  public void verifyTargetTable() {
    TargetTableCheck.verify(dataSource, dialect, table);
  }

  /** One catalog query: the audit table exists (migrated or as the Python service left it). */
  @Override
  public void verifyJournal() {
    try (java.sql.Connection connection = dataSource.getConnection()) {
      if (TargetTableCheck.columnNames(connection, MyBatisCleanupJournal.AUDIT_TABLE).isEmpty()) {
        throw new SchemaProblemException(
            "the audit table "
                + MyBatisCleanupJournal.AUDIT_TABLE.value()
                + " does not exist; the library's tables were never migrated here");
      }
    } catch (java.sql.SQLException e) {
      // Not a schema problem: the database could not be asked (it is away, or busy).
      throw new IllegalStateException(
          "cannot read the structure of " + MyBatisCleanupJournal.AUDIT_TABLE.value(), e);
    }
  }

  /**
   * Flyway's messages are written for its command line ("Run Flyway with -X option to see the
   * actual error"); a host embedding the library has no such option. The rest of the message stays.
   */
  static String withoutFlywayCliAdvice(String message) {
    if (message == null) {
      return "no reason given";
    }
    return message
        .replaceAll("(?i)\\(?\\s*run flyway with -X option[^)\\n]*\\)?\\.?", "")
        .replaceAll("(?i)\\(?\\s*use -X[^)\\n]*\\)?\\.?", "")
        .strip();
  }

  private static String describe(MigrationInfo info) {
    return "V" + info.getVersion() + " " + info.getDescription();
  }
}
