package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.StorageFigures;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.TableStorage;
import ai.mai.retention.core.service.RunCleanupService;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What VACUUM after a backlog run costs on PostgreSQL: {@code bench.rows} (2,000,000) rows over 180
 * days inserted in time order, as the usage sync writes them, with random text ids and both
 * indexes; half expired (90 days). On a fresh copy per case a whole run deletes them (no vacuum),
 * then, while a writer inserts a row every 2 ms on its own connection, {@code VACUUM (ANALYZE)}
 * ({@code online}) or {@code VACUUM (FULL, ANALYZE)} ({@code full}) runs alone. Prints the sizes,
 * bytes returned, time taken and the writer's longest wait. Not a test: run it by hand (README).
 */
public final class PostgresVacuumBenchmark {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final String TEMPLATE = "vacuum_template";

  private final int rows = Integer.getInteger("bench.rows", 2_000_000);
  private int copies;

  public static void main(String[] args) throws Exception {
    new PostgresVacuumBenchmark().run();
  }

  void run() throws Exception {
    createTemplate();
    System.out.printf(
        Locale.ROOT,
        "%-8s %8s %11s %11s %11s %10s %12s %11s %14s%n",
        "mode",
        "run s",
        "table MB",
        "indexes MB",
        "dead rows",
        "vacuum s",
        "returned MB",
        "after MB",
        "writer max ms");
    for (VacuumMode mode : List.of(VacuumMode.ONLINE, VacuumMode.FULL)) {
      measure(mode);
    }
  }

  private void measure(VacuumMode mode) throws Exception {
    String database = "vacuum_bench_" + (++copies);
    admin("CREATE DATABASE " + database + " TEMPLATE " + TEMPLATE + " STRATEGY FILE_COPY");
    try (HikariDataSource pool = pool(database)) {
      JdbcRetentionPorts ports = PostgresRetention.create(pool, PostgresSettings.defaults());
      Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
      long runStarted = System.nanoTime();
      CleanupReport report =
          new RunCleanupService(
                  ports.store(), ports.journal(), ports.lock(), CleanupListener.NONE, clock)
              .withStorage(ports.storage(), VacuumMode.OFF)
              .runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));
      double runSeconds = (System.nanoTime() - runStarted) / 1e9;
      // How late the sweep's deletes reach the statistics (n_dead_tup), read after the run.
      TableStorage storage = ports.storage();
      StringBuilder lag = new StringBuilder("  dead rows seen after the run:");
      long waited = 0;
      for (long at : new long[] {0, 1_000, 2_000, 5_000, 12_000}) {
        Thread.sleep(at - waited);
        waited = at;
        lag.append(
            String.format(
                Locale.ROOT, " %.0f s %,d;", at / 1e3, storage.measure().deadRows().orElse(-1)));
      }
      StorageFigures afterRun = storage.measure();
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong longest = new AtomicLong();
      Thread writer = new Thread(() -> write(database, running, longest), "writer-probe");
      writer.start();
      Thread.sleep(200);
      long started = System.nanoTime();
      TableStorage.VacuumResult result = storage.vacuum(mode, () -> false);
      long took = System.nanoTime() - started;
      Thread.sleep(200);
      running.set(false);
      writer.join();
      StorageFigures afterVacuum = storage.measure();
      System.out.printf(
          Locale.ROOT,
          "%-8s %8.2f %11.1f %11.1f %11d %10.2f %12.1f %11.1f %14.0f%s%n",
          mode.label(),
          runSeconds,
          afterRun.reported().get("table_bytes") / 1e6,
          afterRun.reported().get("index_bytes") / 1e6,
          afterRun.deadRows().orElse(-1),
          took / 1e9,
          (afterRun.bytes() - afterVacuum.bytes()) / 1e6,
          afterVacuum.bytes() / 1e6,
          longest.get() / 1e6,
          result.performed() ? "" : "  (not done: " + result.note() + ")");
      System.out.println(
          lag + " deleted " + String.format(Locale.ROOT, "%,d", report.recordsDeleted()));
      if (report.storage().map(StorageReport::problem).orElseThrow().isPresent()) {
        System.out.println("  " + report.storage().get().problem().get());
      }
    } finally {
      admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  /** The host's writer: one fresh row every 2 ms, the longest insert recorded. */
  private static void write(String database, AtomicBoolean running, AtomicLong longest) {
    try (Connection connection =
            EmbeddedPostgresServer.server().getDatabase("postgres", database).getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO processed_generations VALUES (?, 'org-live', DATE '2026-06-01', ?,"
                    + " 0.001, 10)")) {
      long i = 0;
      while (running.get()) {
        long t0 = System.nanoTime();
        insert.setString(1, "live-" + (i++));
        insert.setLong(2, NOW.getEpochSecond());
        insert.executeUpdate();
        longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
        Thread.sleep(2);
      }
    } catch (SQLException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void createTemplate() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + TEMPLATE);
    admin("CREATE DATABASE " + TEMPLATE);
    try (Connection connection =
            EmbeddedPostgresServer.server().getDatabase("postgres", TEMPLATE).getConnection();
        Statement statement = connection.createStatement()) {
      for (String ddl : PostgresTestDatabase.PROCESSED_GENERATIONS_DDL) {
        if (ddl.startsWith("CREATE TABLE")) {
          statement.execute(ddl);
        }
      }
      long span = 180 * 86_400L;
      statement.execute(
          "INSERT INTO processed_generations SELECT 'gen-' || md5(random()::text),"
              + " 'org-' || (g % 20), to_timestamp(p) AT TIME ZONE 'UTC', p,"
              + " round((random() * 0.05)::numeric, 6)::float8, 1 + floor(random() * 8000)::int"
              + " FROM (SELECT g, "
              + (NOW.getEpochSecond() - span)
              + " + g::bigint * "
              + span
              + " / "
              + rows
              + " AS p FROM generate_series(0, "
              + (rows - 1)
              + ") g) s ORDER BY p");
      for (String ddl : PostgresTestDatabase.PROCESSED_GENERATIONS_DDL) {
        if (ddl.startsWith("CREATE INDEX")) {
          statement.execute(ddl);
        }
      }
    }
    try (HikariDataSource pool = pool(TEMPLATE)) {
      PostgresRetention.create(pool, PostgresSettings.defaults()).schema().migrate();
    }
    try (Connection connection =
            EmbeddedPostgresServer.server().getDatabase("postgres", TEMPLATE).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE");
    }
  }

  private static HikariDataSource pool(String database) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(EmbeddedPostgresServer.server().getDatabase("postgres", database));
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection =
            EmbeddedPostgresServer.server().getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
