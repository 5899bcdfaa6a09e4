package ai.mai.retention.app.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * A SQLite database shaped like one the Python service left behind: {@code processed_generations}
 * with a few organizations' rows over ~180 days, and the legacy audit table with one old run.
 */
public final class DemoDatabase {

  /** Marks a file as ours, so that {@code demo} never overwrites someone's real database. */
  static final String MARKER_TABLE = "retention_demo_marker";

  private static final List<String> ORGANIZATIONS =
      List.of("acme-legal", "globex", "initech", "umbrella-health");

  private DemoDatabase() {}

  /** Creates (or recreates, if it is an earlier demo database) the file at {@code path}. */
  public static void create(Path path, int rows, Instant now, long seed) {
    try {
      if (Files.exists(path)) {
        if (!isDemoDatabase(path)) {
          throw new IllegalArgumentException(
              path + " exists and is not a demo database; choose another --file");
        }
        Files.delete(path);
        Files.deleteIfExists(Path.of(path + "-wal"));
        Files.deleteIfExists(Path.of(path + "-shm"));
      }
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot prepare " + path + ": " + e.getMessage(), e);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path)) {
      connection.setAutoCommit(false);
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE " + MARKER_TABLE + " (created_at BIGINT NOT NULL)");
        ddl.execute(
            "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
                + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
                + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)");
        ddl.execute(
            "CREATE INDEX idx_processed_generations_org_date"
                + " ON processed_generations (client_org_id, generation_date)");
        ddl.execute(
            "CREATE INDEX idx_processed_generations_processed_at"
                + " ON processed_generations (processed_at)");
        ddl.execute(
            "CREATE TABLE processed_generation_cleanup_log (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                + " cleanup_date DATE, cutoff_date DATE, days_retained INTEGER,"
                + " records_before INTEGER, records_deleted INTEGER, records_remaining INTEGER,"
                + " old_tokens_removed BIGINT, old_cost_removed FLOAT, storage_saved_kb FLOAT,"
                + " cleanup_duration_seconds FLOAT, success BOOLEAN NOT NULL,"
                + " error_message TEXT NULL, created_at BIGINT NOT NULL)");
        ddl.execute(
            "CREATE INDEX idx_cleanup_log_date ON processed_generation_cleanup_log (cleanup_date)");
        ddl.execute(
            "CREATE INDEX idx_cleanup_log_success ON processed_generation_cleanup_log (success)");
        ddl.execute("INSERT INTO " + MARKER_TABLE + " VALUES (" + now.getEpochSecond() + ")");
      }
      insertLegacyRun(connection, now.minusSeconds(200 * 86_400L));
      insertGenerations(connection, rows, now, new Random(seed));
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create demo database " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isDemoDatabase(Path path) {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + path);
        var result =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                        + MARKER_TABLE
                        + "'")) {
      return result.next() && result.getInt(1) == 1;
    } catch (SQLException e) {
      return false;
    }
  }

  /** One run as the Python service journaled it, long ago, so `history` shows an adopted row. */
  private static void insertLegacyRun(Connection connection, Instant when) throws SQLException {
    LocalDate day = LocalDate.ofInstant(when, ZoneOffset.UTC);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
                + " records_before, records_deleted, records_remaining, old_tokens_removed,"
                + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
                + " error_message, created_at) VALUES (?, ?, 90, 14, 8, 6, 330, 0.004, 0.78,"
                + " 0.0003, 1, NULL, ?)")) {
      insert.setString(1, day.toString());
      insert.setString(2, day.minusDays(90).toString());
      insert.setLong(3, when.getEpochSecond());
      insert.executeUpdate();
    }
  }

  private static void insertGenerations(Connection connection, int rows, Instant now, Random random)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO processed_generations VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < rows; i++) {
        String org =
            ORGANIZATIONS.get(
                Math.min(
                    ORGANIZATIONS.size() - 1,
                    (int) Math.floor(Math.pow(random.nextDouble(), 1.6) * ORGANIZATIONS.size())));
        long processedAt = now.getEpochSecond() - (long) (random.nextDouble() * 180 * 86_400);
        long tokens = 200 + (long) (Math.exp(random.nextGaussian() * 0.9 + 7));
        // ~$2 per million tokens, priced to the micro-dollar like OpenRouter's usage records.
        double cost = Math.round(tokens * (1.5 + random.nextDouble()) * 1e-6 * 1e6) / 1e6;
        insert.setString(1, "gen-" + Long.toHexString(random.nextLong()) + Integer.toHexString(i));
        insert.setString(2, org);
        insert.setString(
            3, LocalDate.ofInstant(Instant.ofEpochSecond(processedAt), ZoneOffset.UTC).toString());
        insert.setLong(4, processedAt);
        insert.setDouble(5, cost);
        insert.setLong(6, tokens);
        insert.addBatch();
        if (i % 1_000 == 999) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }
}
