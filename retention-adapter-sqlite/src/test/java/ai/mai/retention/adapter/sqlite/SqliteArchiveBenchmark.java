package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.domain.ArchiveTarget;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.service.RunCleanupService;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What keeping the deleted rows costs on SQLite (not part of the build): the same backlog as {@link
 * SqliteSweepBenchmark} (2,000,000 rows, 1,000,000 expired at 90 days, the writer inserting every 2
 * ms), deleted by whole runs without an archive, with {@code file:} and with {@code table:}; and,
 * to weigh an archive in an attached database file against one in the same file, the same fixed
 * batches of 5,000 rows (20 ms apart) moved into a table of the main file or of an attached one.
 * After each run: the main file's size, and its size after a {@code VACUUM} (what it can give
 * back), and the archive's size.
 *
 * <p>Properties: those of {@link SqliteSweepBenchmark} ({@code bench.rows}, {@code bench.reps},
 * {@code bench.dir}, {@code bench.writer}, ...).
 */
public final class SqliteArchiveBenchmark {

  private static final int RETENTION_DAYS = 90;
  private static final int RAW_BATCH = 5_000;

  private final SqliteSweepBenchmark bench = new SqliteSweepBenchmark();
  private final int reps = Integer.getInteger("bench.reps", 1);
  private final boolean writer = Boolean.parseBoolean(System.getProperty("bench.writer", "true"));

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    new SqliteArchiveBenchmark().run();
  }

  record Run(double wall, long deleted, int batches, long[] writes, Sizes sizes) {}

  /** Bytes: the main file after the run, after a VACUUM of it, and the archive. */
  record Sizes(long main, long vacuumed, long archive) {}

  void run() throws Exception {
    Path base = bench.baseFile();
    Map<String, List<Run>> runs = new LinkedHashMap<>();
    for (int rep = 0; rep < reps; rep++) {
      runs.computeIfAbsent("full run, no archive", k -> new ArrayList<>())
          .add(serviceRun(base, null));
      runs.computeIfAbsent("full run, archive file:", k -> new ArrayList<>())
          .add(serviceRun(base, "file"));
      runs.computeIfAbsent("full run, archive table: (same file)", k -> new ArrayList<>())
          .add(serviceRun(base, "table"));
      runs.computeIfAbsent("5,000-row batches, no archive", k -> new ArrayList<>())
          .add(rawBatches(base, null));
      runs.computeIfAbsent(
              "5,000-row batches into a table of the same file", k -> new ArrayList<>())
          .add(rawBatches(base, "main"));
      runs.computeIfAbsent("5,000-row batches into an attached file", k -> new ArrayList<>())
          .add(rawBatches(base, "attached"));
    }
    bench.closePools();
    double off = median(runs.get("full run, no archive"));
    double rawOff = median(runs.get("5,000-row batches, no archive"));
    System.out.println();
    System.out.println(
        "| approach | deleted | wall s (runs) | x no archive | batches | writer max ms | writer p99"
            + " ms | main file MB | main after VACUUM MB | archive MB |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    runs.forEach(
        (approach, list) -> {
          long[] writes = list.stream().flatMapToLong(r -> Arrays.stream(r.writes())).toArray();
          Run first = list.get(0);
          double reference = approach.startsWith("full") ? off : rawOff;
          System.out.printf(
              Locale.ROOT,
              "| %s | %,d | %.2f (%s) | %.2f | %d | %s | %s | %.1f | %.1f | %.1f |%n",
              approach,
              first.deleted(),
              median(list),
              list.stream()
                  .map(r -> String.format(Locale.ROOT, "%.1f", r.wall()))
                  .collect(Collectors.joining(" ")),
              median(list) / reference,
              first.batches(),
              writes.length == 0 ? "-" : millis(max(writes)),
              writes.length == 0 ? "-" : millis(percentile(writes, 0.99)),
              first.sizes().main() / 1e6,
              first.sizes().vacuumed() / 1e6,
              first.sizes().archive() / 1e6);
        });
  }

  /** A whole service run over a pool, as the app runs it, with the archive asked for. */
  private Run serviceRun(Path base, String archive) throws Exception {
    Path file = bench.copy(base);
    Path archives = bench.workDirectory().resolve("archives");
    clear(archives);
    Files.createDirectories(archives);
    ArchiveTarget target =
        archive == null
            ? null
            : archive.equals("file")
                ? ArchiveTarget.file(archives.toString())
                : ArchiveTarget.table("generations_archive");
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(bench.cleanupDataSource(file));
    pool.setMaximumPoolSize(4);
    pool.setPoolName("archive-bench");
    try (HikariDataSource pooled = new HikariDataSource(pool)) {
      JdbcRetentionPorts ports = SqliteRetention.create(pooled, bench.settings(), target);
      ports.schema().migrate();
      ports.archive().ifPresent(a -> a.prepare());
      RunCleanupService service =
          new RunCleanupService(
                  ports.store(),
                  ports.journal(),
                  ports.lock(),
                  CleanupListener.NONE,
                  Clock.fixed(SqliteSweepBenchmark.NOW, ZoneOffset.UTC))
              .withArchive(ports.archive().orElse(null));
      CleanupReport report;
      double wall;
      long[] writes;
      try (SqliteSweepBenchmark.WriterProbe probe =
          SqliteSweepBenchmark.WriterProbe.start(file, writer)) {
        long t0 = System.nanoTime();
        report =
            service.runCleanup(
                CleanupRequest.of(RetentionPolicy.ofDays(RETENTION_DAYS), CleanupTrigger.MANUAL));
        wall = (System.nanoTime() - t0) / 1e9;
        probe.stop();
        writes = probe.latencies();
      }
      if (!report.success()) {
        throw new IllegalStateException("run failed: " + report.error());
      }
      long archived = archive != null && archive.equals("file") ? directorySize(archives) : 0;
      System.out.printf(
          Locale.ROOT,
          "  %s: %.2f s, %,d rows%s%n",
          archive == null ? "no archive" : archive,
          wall,
          report.recordsDeleted(),
          report.archive().map(a -> ", archive " + a.summary()).orElse(""));
      pooled.close();
      bench.closePools();
      return new Run(
          wall, report.recordsDeleted(), report.batches(), writes, sizes(file, archived, archive));
    }
  }

  /**
   * Fixed batches on one connection, each {@code BEGIN IMMEDIATE}, copy into the archive, delete,
   * {@code COMMIT}, then 20 ms for the writer: into no archive, a table of the main file ({@code
   * main}) or a table of an attached database file ({@code attached}).
   */
  private Run rawBatches(Path base, String where) throws Exception {
    Path file = bench.copy(base);
    Path attached = bench.workDirectory().resolve("archive.db");
    Files.deleteIfExists(attached);
    Files.deleteIfExists(bench.workDirectory().resolve("archive.db-wal"));
    Files.deleteIfExists(bench.workDirectory().resolve("archive.db-shm"));
    long cutoff = SqliteSweepBenchmark.NOW.getEpochSecond() - RETENTION_DAYS * 86_400L;
    String rowids =
        "SELECT rowid FROM processed_generations WHERE processed_at < "
            + cutoff
            + " ORDER BY processed_at, rowid LIMIT "
            + RAW_BATCH;
    long deleted = 0;
    int batches = 0;
    double wall;
    long[] writes;
    try (Connection connection = bench.cleanupDataSource(file).getConnection();
        Statement statement = connection.createStatement()) {
      String schema = "main";
      if ("attached".equals(where)) {
        statement.execute("ATTACH DATABASE '" + attached + "' AS archive");
        statement.execute("PRAGMA archive.journal_mode = WAL");
        schema = "archive";
      }
      if (where != null) {
        statement.execute(
            "CREATE TABLE "
                + schema
                + ".generations_archive (id TEXT, client_org_id TEXT, generation_date DATE,"
                + " processed_at BIGINT, total_cost FLOAT, total_tokens INTEGER,"
                + " archive_run_id TEXT NOT NULL)");
      }
      try (SqliteSweepBenchmark.WriterProbe probe =
              SqliteSweepBenchmark.WriterProbe.start(file, writer);
          PreparedStatement copy =
              where == null
                  ? null
                  : connection.prepareStatement(
                      "INSERT INTO "
                          + schema
                          + ".generations_archive SELECT *, 'bench' FROM processed_generations"
                          + " WHERE rowid IN ("
                          + rowids
                          + ")");
          PreparedStatement delete =
              connection.prepareStatement(
                  "DELETE FROM processed_generations WHERE rowid IN (" + rowids + ")")) {
        long t0 = System.nanoTime();
        while (true) {
          statement.execute("BEGIN IMMEDIATE");
          if (copy != null) {
            copy.executeUpdate();
          }
          int rows = delete.executeUpdate();
          statement.execute("COMMIT");
          deleted += rows;
          batches++;
          if (rows < RAW_BATCH) {
            break;
          }
          Thread.sleep(20);
        }
        wall = (System.nanoTime() - t0) / 1e9;
        probe.stop();
        writes = probe.latencies();
      }
      if ("attached".equals(where)) {
        statement.execute("DETACH DATABASE archive");
      }
    }
    bench.closePools();
    System.out.printf(Locale.ROOT, "  batches into %s: %.2f s, %,d rows%n", where, wall, deleted);
    long archived = "attached".equals(where) ? Files.size(attached) : 0;
    return new Run(wall, deleted, batches, writes, sizes(file, archived, where));
  }

  /** The main file checkpointed, then vacuumed; a same-file archive table's share measured. */
  private Sizes sizes(Path file, long archiveBytes, String archive) throws SQLException {
    try (Connection connection = bench.cleanupDataSource(file).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      long main = fileSize(file);
      long archived = archiveBytes;
      statement.execute("VACUUM");
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
      long vacuumed = fileSize(file);
      if (archive != null && (archive.equals("table") || archive.equals("main"))) {
        statement.execute("DROP TABLE generations_archive");
        statement.execute("VACUUM");
        statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        archived = vacuumed - fileSize(file);
      }
      bench.closePools();
      return new Sizes(main, vacuumed, archived);
    }
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long directorySize(Path directory) throws java.io.IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.mapToLong(SqliteArchiveBenchmark::fileSize).sum();
    }
  }

  private static void clear(Path directory) throws java.io.IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : files.toList()) {
        Files.delete(path);
      }
    }
  }

  private static double median(List<Run> runs) {
    double[] walls = runs.stream().mapToDouble(Run::wall).sorted().toArray();
    return walls[walls.length / 2];
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static long percentile(long[] values, double p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
  }
}
