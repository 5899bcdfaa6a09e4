package ai.mai.retention.app;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A SQLite file shaped exactly as the Python service left it (PRODUCT.md), with plain JDBC for
 * arranging rows and reading the outcome: the app under test sees only the file.
 */
final class LegacySqliteDatabase {

  final Path file;

  LegacySqliteDatabase(Path file) {
    this.file = file;
  }

  String url() {
    return "jdbc:sqlite:" + file;
  }

  static LegacySqliteDatabase create(
      Path file, boolean withGenerationsTable, boolean withAuditTable) {
    LegacySqliteDatabase database = new LegacySqliteDatabase(file);
    database.execute(
        "CREATE TABLE host_users (id TEXT PRIMARY KEY, name TEXT)",
        "INSERT INTO host_users VALUES ('u1', 'host data that must stay')");
    if (withGenerationsTable) {
      database.execute(
          "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
              + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
              + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
          "CREATE INDEX idx_pg_org_date ON processed_generations (client_org_id, generation_date)",
          "CREATE INDEX idx_pg_processed_at ON processed_generations (processed_at)");
    }
    if (withAuditTable) {
      database.execute(
          "CREATE TABLE processed_generation_cleanup_log (id INTEGER PRIMARY KEY AUTOINCREMENT,"
              + " cleanup_date DATE, cutoff_date DATE, days_retained INTEGER,"
              + " records_before INTEGER, records_deleted INTEGER, records_remaining INTEGER,"
              + " old_tokens_removed BIGINT, old_cost_removed FLOAT, storage_saved_kb FLOAT,"
              + " cleanup_duration_seconds FLOAT, success BOOLEAN NOT NULL,"
              + " error_message TEXT NULL, created_at BIGINT NOT NULL)",
          "CREATE INDEX idx_cleanup_log_date ON processed_generation_cleanup_log (cleanup_date)",
          "CREATE INDEX idx_cleanup_log_success ON processed_generation_cleanup_log (success)",
          "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
              + " records_before, records_deleted, records_remaining, old_tokens_removed,"
              + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
              + " error_message, created_at) VALUES ('2025-07-25', '2025-04-26', 90, 14, 8, 6,"
              + " 330, 0.004, 0.78, 0.0003, 1, NULL, 1753401600)",
          "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
              + " records_before, records_deleted, records_remaining, old_tokens_removed,"
              + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
              + " error_message, created_at) VALUES ('2025-07-26', '2025-04-27', 90, 6, 0, 6,"
              + " 0, 0.0, 0.0, 0.0002, 0, 'database is locked', 1753488000)");
    }
    return database;
  }

  void insert(String id, String org, Instant processedAt, double cost, long tokens) {
    try (Connection connection = connect();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_generations VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, org);
      insert.setString(3, LocalDate.ofInstant(processedAt, ZoneOffset.UTC).toString());
      insert.setLong(4, processedAt.getEpochSecond());
      insert.setDouble(5, cost);
      insert.setLong(6, tokens);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code count} rows of four organizations, all long expired (processed a year ago), in one
   * statement.
   */
  void insertExpired(int count) {
    long yearAgo = Instant.now().minusSeconds(365 * 86_400L).getEpochSecond();
    execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < "
            + count
            + ") INSERT INTO processed_generations SELECT 'bulk-' || i, 'org-' || (i % 4),"
            + " date("
            + yearAgo
            + ", 'unixepoch'), "
            + yearAgo
            + " + i % 1000, 0.001, 10 FROM n");
  }

  List<String> ids() {
    return strings("SELECT id FROM processed_generations ORDER BY id");
  }

  List<String> auditRows() {
    return strings(
        "SELECT id || '|' || cleanup_date || '|' || cutoff_date || '|' || days_retained || '|'"
            + " || records_deleted || '|' || old_cost_removed || '|' || success || '|'"
            + " || coalesce(error_message, '') || '|' || created_at"
            + " FROM processed_generation_cleanup_log ORDER BY id");
  }

  List<String> tables() {
    return strings("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
  }

  long queryForLong(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  List<String> strings(String sql) {
    List<String> values = new ArrayList<>();
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  void execute(String... statements) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }
}
