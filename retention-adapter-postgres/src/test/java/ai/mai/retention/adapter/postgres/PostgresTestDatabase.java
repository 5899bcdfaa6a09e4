package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.SessionSetupDataSource;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import javax.sql.DataSource;

/**
 * A fresh database on the shared embedded server, with {@code processed_generations} exactly as
 * mAI's Python service created it on PostgreSQL, and the adapter's ports over it. Dropped on close.
 */
final class PostgresTestDatabase extends JdbcTestDatabase {

  /** {@code processed_generations} exactly as PRODUCT.md gives it. */
  static final String[] PROCESSED_GENERATIONS_DDL = {
    "CREATE TABLE processed_generations ("
        + " id TEXT PRIMARY KEY,"
        + " client_org_id TEXT NOT NULL,"
        + " generation_date DATE NOT NULL,"
        + " processed_at BIGINT NOT NULL,"
        + " total_cost FLOAT NOT NULL,"
        + " total_tokens INTEGER NOT NULL)",
    "CREATE INDEX idx_processed_generations_org_date"
        + " ON processed_generations (client_org_id, generation_date)",
    "CREATE INDEX idx_processed_generations_processed_at ON processed_generations (processed_at)"
  };

  /** The Python service's audit table as PostgreSQL has it. */
  static final String[] LEGACY_CLEANUP_LOG_DDL = {
    "CREATE TABLE processed_generation_cleanup_log ("
        + " id SERIAL PRIMARY KEY,"
        + " cleanup_date DATE,"
        + " cutoff_date DATE,"
        + " days_retained INTEGER,"
        + " records_before INTEGER,"
        + " records_deleted INTEGER,"
        + " records_remaining INTEGER,"
        + " old_tokens_removed BIGINT,"
        + " old_cost_removed FLOAT,"
        + " storage_saved_kb FLOAT,"
        + " cleanup_duration_seconds FLOAT,"
        + " success BOOLEAN NOT NULL,"
        + " error_message TEXT NULL,"
        + " created_at BIGINT NOT NULL)",
    "CREATE INDEX ix_processed_generation_cleanup_log_cleanup_date"
        + " ON processed_generation_cleanup_log (cleanup_date)",
    "CREATE INDEX ix_processed_generation_cleanup_log_success"
        + " ON processed_generation_cleanup_log (success)"
  };

  final String name;
  final DataSource dataSource;
  private final PostgresSettings settings;
  private final JdbcRetentionPorts ports;
  private JdbcRetentionPorts otherProcess;

  private PostgresTestDatabase(String name, PostgresSettings settings, String sessionTimeZone) {
    this.name = name;
    this.settings = settings;
    DataSource plain = EmbeddedPostgresServer.dataSource(name);
    this.dataSource =
        sessionTimeZone == null
            ? plain
            : new SessionSetupDataSource(
                plain, "SET TIME ZONE '" + sessionTimeZone.replace("'", "''") + "'");
    this.ports = PostgresRetention.create(dataSource, settings);
  }

  /** A new database with {@code processed_generations}, migrated. */
  static PostgresTestDatabase create() {
    return create(PostgresSettings.defaults(), null);
  }

  static PostgresTestDatabase create(PostgresSettings settings) {
    return create(settings, null);
  }

  /**
   * @param sessionTimeZone the {@code TimeZone} of every session the adapter opens; null: the
   *     driver's (the JVM's zone)
   */
  static PostgresTestDatabase create(PostgresSettings settings, String sessionTimeZone) {
    PostgresTestDatabase database =
        unmigrated(settings, sessionTimeZone, PROCESSED_GENERATIONS_DDL);
    database.schema().migrate();
    return database;
  }

  /** A new database made by running {@code ddl}, not migrated. */
  static PostgresTestDatabase unmigrated(String... ddl) {
    return unmigrated(PostgresSettings.defaults(), null, ddl);
  }

  static PostgresTestDatabase unmigrated(
      PostgresSettings settings, String sessionTimeZone, String... ddl) {
    String name = EmbeddedPostgresServer.createDatabase();
    PostgresTestDatabase database = new PostgresTestDatabase(name, settings, sessionTimeZone);
    database.execute(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
              statement.execute(sql);
            }
          }
          return null;
        });
    return database;
  }

  JdbcRetentionPorts ports() {
    return ports;
  }

  @Override
  public ExpiredRecordStore store() {
    return ports.store();
  }

  @Override
  public CleanupJournal journal() {
    return ports.journal();
  }

  @Override
  public CleanupLock lock() {
    return ports.lock();
  }

  @Override
  public RetentionSchema schema() {
    return ports.schema();
  }

  /** A second set of ports over a second data source: what another process would have. */
  @Override
  public CleanupLock lockOfAnotherProcess() {
    if (otherProcess == null) {
      otherProcess = PostgresRetention.create(EmbeddedPostgresServer.dataSource(name), settings);
    }
    return otherProcess.lock();
  }

  /** The case: a column added with NOT NULL and no default, which no journal row fills. */
  @Override
  public void refuseAuditRows() {
    run(
        "ALTER TABLE processed_generation_cleanup_log ADD COLUMN reviewed_by TEXT NOT NULL"
            + " DEFAULT 'ops'",
        "ALTER TABLE processed_generation_cleanup_log ALTER COLUMN reviewed_by DROP DEFAULT");
  }

  @Override
  public void acceptAuditRows() {
    run("ALTER TABLE processed_generation_cleanup_log DROP COLUMN reviewed_by");
  }

  /** A float8 holds NaN and both infinities; an INTEGER only whole numbers, so negatives. */
  @Override
  public List<String[]> unsummableValues() {
    return List.of(
        new String[] {"'NaN'::float8", "10"},
        new String[] {"'Infinity'::float8", "10"},
        new String[] {"'-Infinity'::float8", "10"},
        new String[] {"0.25", "-3"});
  }

  @Override
  public void allowHugeTokenCounts() {
    run("ALTER TABLE processed_generations ALTER COLUMN total_tokens TYPE BIGINT");
  }

  /** Tables in the current schema, sorted. */
  @Override
  public List<String> tableNames() {
    return strings(
        "SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = current_schema() ORDER BY table_name");
  }

  @Override
  protected Connection connect() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  protected void bindDate(PreparedStatement statement, int index, LocalDate date)
      throws SQLException {
    statement.setObject(index, date);
  }

  @Override
  public void close() {
    EmbeddedPostgresServer.dropDatabase(name);
  }
}
