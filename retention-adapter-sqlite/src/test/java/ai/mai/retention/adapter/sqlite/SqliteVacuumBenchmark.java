package ai.mai.retention.adapter.sqlite;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What giving space back after a backlog run costs on SQLite: a file of {@code bench.rows}
 * (1,000,000) rows over 180 days with random text ids and both indexes, half of them expired (90
 * days). On a fresh copy per case, a whole run deletes them (no vacuum), then, while a writer
 * inserts a row every 2 ms on its own connection, the space return runs alone: {@code online}
 * (incremental_vacuum steps, in a file made with auto_vacuum = INCREMENTAL) and {@code full}
 * (VACUUM, in a file with SQLite's default auto_vacuum = NONE). Prints bytes returned, time taken
 * and the writer's longest wait. Not a test: run it by hand (README of this module).
 */
public final class SqliteVacuumBenchmark {

  private final int rows = Integer.getInteger("bench.rows", 1_000_000);
  private final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));

  public static void main(String[] args) throws Exception {
    new SqliteVacuumBenchmark().run();
  }

  void run() throws Exception {
    Files.createDirectories(dir);
    System.out.printf(
        Locale.ROOT,
        "%-8s %-12s %9s %12s %12s %10s %12s %10s %14s%n",
        "mode",
        "auto_vacuum",
        "run s",
        "file MB",
        "free MB",
        "vacuum s",
        "returned MB",
        "after MB",
        "writer max ms");
    for (String[] scenario :
        List.of(
            new String[] {"online", "INCREMENTAL"},
            new String[] {"full", "NONE"},
            new String[] {"online", "NONE"})) {
      Path base =
          dir.resolve("vacuum-" + scenario[1].toLowerCase(Locale.ROOT) + "-" + rows + ".db");
      if (!Files.exists(base)) {
        generate(base, scenario[1]);
      }
      measure(base, VacuumMode.parse(scenario[0]), scenario[1]);
    }
  }

  private void measure(Path base, VacuumMode mode, String autoVacuum) throws Exception {
    Path file = dir.resolve("vacuum-run.db");
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(dir.resolve("vacuum-run.db" + suffix));
    }
    Files.copy(base, file, StandardCopyOption.REPLACE_EXISTING);
    HikariConfig config = new HikariConfig();
    config.setDataSource(SqliteDataSources.forCleanup("jdbc:sqlite:" + file));
    config.setMaximumPoolSize(4);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      JdbcRetentionPorts ports =
          SqliteRetention.create(
              pool,
              SqliteSettings.defaults()
                  .withClock(Clock.fixed(SqliteSweepBenchmark.NOW, ZoneOffset.UTC)));
      long runStarted = System.nanoTime();
      CleanupReport report =
          new RunCleanupService(
                  ports.store(),
                  ports.journal(),
                  ports.lock(),
                  CleanupListener.NONE,
                  Clock.fixed(SqliteSweepBenchmark.NOW, ZoneOffset.UTC))
              .withStorage(ports.storage(), VacuumMode.OFF)
              .runCleanup(CleanupRequest.of(RetentionPolicy.ofDays(90), CleanupTrigger.MANUAL));
      double runSeconds = (System.nanoTime() - runStarted) / 1e9;
      StorageFigures afterRun = report.storage().flatMap(StorageReport::after).orElseThrow();
      TableStorage storage = ports.storage();
      long started;
      long took;
      TableStorage.VacuumResult result;
      long[] waits;
      try (SqliteSweepBenchmark.WriterProbe writer =
          SqliteSweepBenchmark.WriterProbe.start(file, true)) {
        Thread.sleep(200);
        started = System.nanoTime();
        result = storage.vacuum(mode, () -> false);
        took = System.nanoTime() - started;
        Thread.sleep(200);
        writer.stop();
        waits = writer.latencies();
      }
      StorageFigures afterVacuum = storage.measure();
      System.out.printf(
          Locale.ROOT,
          "%-8s %-12s %9.2f %12.1f %12.1f %10.2f %12.1f %10.1f %14.0f%s%n",
          mode.label(),
          autoVacuum,
          runSeconds,
          afterRun.bytes() / 1e6,
          afterRun.reusableBytes().orElse(0) / 1e6,
          took / 1e9,
          (afterRun.bytes() - afterVacuum.bytes()) / 1e6,
          Files.size(file) / 1e6,
          Arrays.stream(waits).max().orElse(0) / 1e6,
          result.performed() ? "" : "  (not done: " + result.note().substring(0, 40) + "...)");
    }
  }

  /** Chronological rows as the usage sync writes them, random 20-character ids. */
  private void generate(Path file, String autoVacuum) throws Exception {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    String url = "jdbc:sqlite:" + partial;
    long span = SqliteSweepBenchmark.DAYS_OF_DATA * 86_400L;
    long start = SqliteSweepBenchmark.NOW.getEpochSecond() - span;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA auto_vacuum = " + autoVacuum); // before the first table
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA cache_size = -524288");
      for (String ddl : SqliteTestDatabase.PROCESSED_GENERATIONS_DDL) {
        statement.execute(ddl);
      }
      statement.executeUpdate(
          "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL"
              + " SELECT i + 1 FROM n WHERE i < "
              + (rows - 1)
              + ") SELECT 'gen-' || hex(randomblob(10)), 'org-' || (abs(random()) % "
              + Integer.getInteger("bench.organizations", 20)
              + "), date("
              + start
              + " + i * "
              + span
              + " / "
              + rows
              + ", 'unixepoch'), "
              + start
              + " + i * "
              + span
              + " / "
              + rows
              + ", (abs(random()) % 50000) / 1000000.0, 1 + abs(random()) % 8000 FROM n");
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    SqliteRetention.create(SqliteDataSources.forCleanup(url), SqliteSettings.defaults())
        .schema()
        .migrate();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
  }
}
