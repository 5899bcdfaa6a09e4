package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.GenerationRow;
import ai.mai.retention.core.contract.RetentionTestDatabase;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.port.out.RetentionSchema;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A real SQLite file shaped as mAI has it, migrated, with the adapter's ports over it. */
final class SqliteTestDatabase implements RetentionTestDatabase {

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

  @Override
  public void insert(List<GenerationRow> rows) {
    execute(
        connection -> {
          connection.setAutoCommit(false);
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO processed_generations"
                      + " (id, client_org_id, generation_date, processed_at, total_cost,"
                      + " total_tokens) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (GenerationRow row : rows) {
              insert.setString(1, row.id());
              insert.setString(2, row.organizationId());
              insert.setString(3, row.generationDate().toString());
              insert.setLong(4, row.processedAt());
              insert.setDouble(5, row.totalCost());
              insert.setLong(6, row.totalTokens());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          connection.commit();
          return null;
        });
  }

  @Override
  public List<String> remainingIds() {
    return execute(
        connection -> {
          List<String> ids = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery("SELECT id FROM processed_generations")) {
            while (rs.next()) {
              ids.add(rs.getString(1));
            }
          }
          Collections.sort(ids);
          return ids;
        });
  }

  @Override
  public long auditRowCount() {
    return queryForLong("SELECT count(*) FROM processed_generation_cleanup_log");
  }

  @Override
  public long queryForLong(String sql) {
    return execute(
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /** Table names in the file, sorted. */
  List<String> tableNames() {
    return execute(
        connection -> {
          List<String> names = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rs =
                  statement.executeQuery(
                      "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
            while (rs.next()) {
              names.add(rs.getString(1));
            }
          }
          return names;
        });
  }

  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  <T> T execute(Work<T> work) {
    try (Connection connection = DriverManager.getConnection(url)) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    // SQLiteDataSource keeps no pool: every connection was closed after use.
  }
}
