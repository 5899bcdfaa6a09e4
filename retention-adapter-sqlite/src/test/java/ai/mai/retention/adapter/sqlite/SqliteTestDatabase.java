package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;

/** A real SQLite file shaped as mAI has it, migrated, with the adapter's ports over it. */
final class SqliteTestDatabase extends JdbcTestDatabase {

  /** {@code processed_generations} exactly as the Python service created it. */
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

  /** The Python service's audit table, exactly. */
  static final String[] LEGACY_CLEANUP_LOG_DDL = {
    "CREATE TABLE processed_generation_cleanup_log ("
        + " id INTEGER PRIMARY KEY AUTOINCREMENT,"
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
    "CREATE INDEX idx_cleanup_log_date ON processed_generation_cleanup_log (cleanup_date)",
    "CREATE INDEX idx_cleanup_log_success ON processed_generation_cleanup_log (success)"
  };

  /** How many migrations a database without the library's tables gets (one per file). */
  static final int MIGRATIONS =
      ai.mai.retention.core.contract.RetentionSchemaContract.versionedMigrationsIn(
          "db/retention/sqlite");

  final String url;
  private final JdbcRetentionPorts ports;
  private final SqliteSettings settings;
  private JdbcRetentionPorts otherProcess;

  private SqliteTestDatabase(String url, SqliteSettings settings) {
    this.url = url;
    this.settings = settings;
    this.ports = SqliteRetention.create(SqliteDataSources.forCleanup(url), settings);
  }

  /** A new file with {@code processed_generations}, migrated. */
  static SqliteTestDatabase create(Path directory) {
    return create(directory, TEST_SETTINGS);
  }

  /** The defaults without the pause between batches, which only matters with live writers. */
  static final SqliteSettings TEST_SETTINGS =
      SqliteSettings.defaults()
          .withBatchPacing(SqliteSettings.DEFAULT_BATCH_TARGET, java.time.Duration.ZERO);

  static SqliteTestDatabase create(Path directory, SqliteSettings settings) {
    String url = createFile(directory, PROCESSED_GENERATIONS_DDL);
    SqliteTestDatabase database = new SqliteTestDatabase(url, settings);
    database.schema().migrate();
    return database;
  }

  /** A file made by running {@code ddl}, not migrated. */
  static SqliteTestDatabase unmigrated(Path directory, String... ddl) {
    return new SqliteTestDatabase(createFile(directory, ddl), TEST_SETTINGS);
  }

  static String createFile(Path directory, String... ddl) {
    String url = "jdbc:sqlite:" + directory.resolve("webui.db");
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
      for (String sql : ddl) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return url;
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

  @Override
  public CleanupLock lockOfAnotherProcess() {
    if (otherProcess == null) {
      otherProcess = SqliteRetention.create(SqliteDataSources.forCleanup(url), settings);
    }
    return otherProcess.lock();
  }

  /** A trigger that aborts every insert, as SQLite cannot add a NOT NULL column without default. */
  @Override
  public void refuseAuditRows() {
    run(
        "CREATE TRIGGER refuse_audit_rows BEFORE INSERT ON processed_generation_cleanup_log"
            + " BEGIN SELECT RAISE(ABORT, 'audit rows are refused by a trigger'); END");
  }

  @Override
  public void acceptAuditRows() {
    run("DROP TRIGGER refuse_audit_rows");
  }

  /**
   * SQLite keeps 9e999 as Infinity and a text where FLOAT or INTEGER is declared as text; NaN it
   * cannot store in a NOT NULL column at all (it becomes NULL).
   */
  @Override
  public List<String[]> unsummableValues() {
    return List.of(
        new String[] {"9e999", "10"},
        new String[] {"-9e999", "10"},
        new String[] {"'NaN'", "10"},
        new String[] {"'Infinity'", "10"},
        new String[] {"0.25", "'many'"},
        new String[] {"0.25", "1.5"},
        new String[] {"0.25", "-3"});
  }

  /** An INTEGER column of SQLite holds 64-bit counts already. */
  @Override
  public void allowHugeTokenCounts() {}

  /** Table names in the file, sorted. */
  @Override
  public List<String> tableNames() {
    return strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  }

  @Override
  protected Connection connect() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Override
  protected void bindDate(PreparedStatement statement, int index, LocalDate date)
      throws SQLException {
    statement.setString(index, date.toString());
  }

  @Override
  public void close() {
    // SQLiteDataSource keeps no pool: every connection was closed after use.
  }
}
