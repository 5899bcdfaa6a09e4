package ai.mai.retention.app;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** PostgreSQL databases as the Python service left them, and the users that reach them. */
final class PostgresTestDatabases {

  static final long DAY = 86_400L;

  private static final AtomicInteger READERS = new AtomicInteger();

  private PostgresTestDatabases() {}

  /**
   * A fresh database owned by the application role with the host's tables, mAI's {@code
   * processed_generations} (three expired rows of six) and the Python service's audit table with
   * one success from 2025.
   */
  static String legacy() {
    String database = PostgresServer.createDatabase();
    long cutoff = Instant.now().getEpochSecond() - 90 * DAY;
    PostgresServer.execute(
        database,
        "SET ROLE " + PostgresServer.USER,
        "CREATE TABLE host_users (id TEXT PRIMARY KEY, name TEXT)",
        "INSERT INTO host_users VALUES ('u1', 'host data')",
        "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
            + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
            + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
        "CREATE INDEX idx_pg_org_date ON processed_generations (client_org_id, generation_date)",
        "CREATE INDEX idx_pg_processed_at ON processed_generations (processed_at)",
        "CREATE TABLE processed_generation_cleanup_log (id SERIAL PRIMARY KEY, cleanup_date DATE,"
            + " cutoff_date DATE, days_retained INTEGER, records_before INTEGER,"
            + " records_deleted INTEGER, records_remaining INTEGER, old_tokens_removed BIGINT,"
            + " old_cost_removed FLOAT, storage_saved_kb FLOAT, cleanup_duration_seconds FLOAT,"
            + " success BOOLEAN NOT NULL, error_message TEXT NULL, created_at BIGINT NOT NULL)",
        "CREATE INDEX idx_cleanup_log_date ON processed_generation_cleanup_log (cleanup_date)",
        "CREATE INDEX idx_cleanup_log_success ON processed_generation_cleanup_log (success)",
        "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
            + " records_before, records_deleted, records_remaining, old_tokens_removed,"
            + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
            + " error_message, created_at) VALUES ('2025-07-25', '2025-04-26', 90, 14, 8, 6, 330,"
            + " 0.004, 0.78, 0.0003, true, NULL, 1753401600)");
    long now = Instant.now().getEpochSecond();
    insert(database, "a-old", "org-a", cutoff - 100 * DAY, 0.1, 100);
    insert(database, "a-edge-old", "org-a", cutoff - 600, 0.2, 200);
    insert(database, "a-edge-new", "org-a", cutoff + 600, 0.4, 400);
    insert(database, "b-old", "org-b", cutoff - 3 * DAY, 0.000123, 50);
    insert(database, "b-new", "org-b", now - DAY, 1.5, 1500);
    insert(database, "c-new", "org-c", now - 60, 2.0, 2000);
    return database;
  }

  static void insert(
      String database, String id, String org, long processedAt, double cost, long tokens) {
    PostgresServer.execute(
        database,
        String.format(
            Locale.ROOT,
            "INSERT INTO processed_generations VALUES ('%s', '%s', '%s', %d, %s, %d)",
            id,
            org,
            LocalDate.ofInstant(Instant.ofEpochSecond(processedAt), ZoneOffset.UTC),
            processedAt,
            Double.toString(cost),
            tokens));
  }

  /** A login role that may read every table of the database and change nothing; its name. */
  static String selectOnlyUser(String database) {
    String name = "mai_reader_" + READERS.incrementAndGet();
    PostgresServer.execute(
        "postgres",
        "SET password_encryption = 'scram-sha-256'",
        "CREATE ROLE " + name + " LOGIN PASSWORD '" + password(name) + "'");
    PostgresServer.execute(
        database,
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
        "GRANT USAGE ON SCHEMA public TO " + name,
        "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + name);
    return name;
  }

  /** The environment of the app logging in as {@code user}. */
  static Map<String, String> as(String database, String user) {
    Map<String, String> environment = new HashMap<>();
    environment.put("RETENTION_DB_URL", PostgresServer.jdbcUrl(database));
    environment.put("RETENTION_DB_USER", user);
    environment.put(
        "RETENTION_DB_PASSWORD",
        user.equals(PostgresServer.USER) ? PostgresServer.PASSWORD : password(user));
    return environment;
  }

  /** The tables of the public schema, sorted. */
  static List<String> tables(String database) {
    return PostgresServer.strings(
        database,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            + " ORDER BY table_name");
  }

  private static String password(String user) {
    return "pw-" + user + "-7Kq";
  }
}
