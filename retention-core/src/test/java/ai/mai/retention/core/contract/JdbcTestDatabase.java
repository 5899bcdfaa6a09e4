package ai.mai.retention.core.contract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain-JDBC half of a {@link RetentionTestDatabase}: arranging rows and reading outcomes with
 * SQL every database understands, so that each adapter's fixture only says how to connect.
 */
public abstract class JdbcTestDatabase implements RetentionTestDatabase {

  /** A new connection to the test database, closed after each use. */
  protected abstract Connection connect() throws SQLException;

  /** How this database takes a {@code DATE} value (SQLite stores 'YYYY-MM-DD' text). */
  protected abstract void bindDate(PreparedStatement statement, int index, LocalDate date)
      throws SQLException;

  /** The tables of the schema the ports work in, sorted. */
  public abstract List<String> tableNames();

  /** Work on one connection. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> T execute(Work<T> work) {
    try (Connection connection = connect()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
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
              bindDate(insert, 3, row.generationDate());
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

  /** Plain SQL both databases run; the old table's indexes go with it and are made again. */
  @Override
  public void allowNullOrganizations() {
    execute(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE processed_generations");
            statement.execute(
                "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT,"
                    + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
                    + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)");
            statement.execute(
                "CREATE INDEX idx_processed_generations_org_date"
                    + " ON processed_generations (client_org_id, generation_date)");
            statement.execute(
                "CREATE INDEX idx_processed_generations_processed_at"
                    + " ON processed_generations (processed_at)");
          }
          return null;
        });
  }

  /** Every row a query returns, as column name to value, in the query's order. */
  public List<Map<String, Object>> rows(String sql) {
    return execute(
        connection -> {
          List<Map<String, Object>> rows = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
              Map<String, Object> row = new LinkedHashMap<>();
              for (int column = 1; column <= meta.getColumnCount(); column++) {
                Object value = rs.getObject(column);
                // Dates as the text the database holds, not as zone-dependent java.sql.Date.
                row.put(
                    meta.getColumnName(column),
                    value instanceof java.sql.Date ? rs.getString(column) : value);
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }

  /** Runs statements as they are (DDL, fixture rows). */
  public void run(String... statements) {
    execute(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
              statement.execute(sql);
            }
          }
          return null;
        });
  }

  @Override
  public List<String> remainingIds() {
    List<String> ids = strings("SELECT id FROM processed_generations");
    // Java's order, not the database collation's.
    Collections.sort(ids);
    return ids;
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

  /** The first column of every row of {@code sql}, in the order the database returns them. */
  public List<String> strings(String sql) {
    return execute(
        connection -> {
          List<String> values = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
              values.add(rs.getString(1));
            }
          }
          return values;
        });
  }
}
