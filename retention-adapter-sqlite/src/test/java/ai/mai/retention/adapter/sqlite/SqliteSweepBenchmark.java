package ai.mai.retention.adapter.sqlite;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.PortTimings;
import ai.mai.retention.core.contract.SessionSetupDataSource;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.service.RunCleanupService;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Measures the SQLite sweep against one raw {@code DELETE} on identical copies of a table shaped
 * like {@code processed_generations}: 2,000,000 rows over 180 days, 20 organizations, random text
 * ids, both indexes; retention 90 days (backlog, ~50% expired) and 178 days (steady state, ~1%). A
 * writer inserting one row every 2 ms on its own connection measures how long the host's writes
 * stall. Not a test: run it by hand (see the README of this module).
 *
 * <p>System properties: {@code bench.rows} (2000000), {@code bench.sizes} (batch sizes, comma
 * separated), {@code bench.cacheKib} (page cache of the cleanup connection, KiB), {@code
 * bench.autocheckpoint} (wal_autocheckpoint pages, 0 = SQLite's default), {@code bench.dir} (work
 * folder, default target/bench), {@code bench.writer} (true: run the 2 ms writer), {@code
 * bench.steady} (true: also the 1% case), {@code bench.fullRun} (true: also a whole service run),
 * {@code bench.policy} (true: also a whole run with {@code org-0=180,org-1=30} and {@code org-2} on
 * legal hold, the issue's policy, against the default policy on the same data), {@code
 * bench.organizations} (20; the issue's data had 5).
 */
public final class SqliteSweepBenchmark {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final int DAYS_OF_DATA = 180;

  private final int rows = Integer.getInteger("bench.rows", 2_000_000);
  private final int organizations = Integer.getInteger("bench.organizations", 20);
  private final boolean policy = Boolean.parseBoolean(System.getProperty("bench.policy", "true"));
  private final int[] sizes =
      Arrays.stream(System.getProperty("bench.sizes", "2000,5000,10000,0").split(","))
          .map(String::trim)
          .mapToInt(Integer::parseInt)
          .toArray();
  private final int cacheKib =
      Integer.getInteger("bench.cacheKib", SqliteDataSources.CLEANUP_CACHE_KIB);
  private final int autocheckpoint = Integer.getInteger("bench.autocheckpoint", 0);
  private final boolean writer = Boolean.parseBoolean(System.getProperty("bench.writer", "true"));
  private final boolean steady = Boolean.parseBoolean(System.getProperty("bench.steady", "true"));
  private final boolean fullRun = Boolean.parseBoolean(System.getProperty("bench.fullRun", "true"));
  private final int reps = Integer.getInteger("bench.reps", 1);
  private final SqliteSettings settings =
      SqliteSettings.defaults()
          .withBatchPacing(
              java.time.Duration.ofMillis(
                  Long.getLong(
                      "bench.targetMillis", SqliteSettings.DEFAULT_BATCH_TARGET.toMillis())),
              java.time.Duration.ofMillis(
                  Long.getLong("bench.pauseMillis", SqliteSettings.DEFAULT_PAUSE.toMillis())));
  private final String only = System.getProperty("bench.only", "raw,sweep,full");
  private final Path dir = Path.of(System.getProperty("bench.dir", defaultDirectory()));

  /** This module's target folder, whether Maven runs from the root (-pl) or from the module. */
  private static String defaultDirectory() {
    return Files.isDirectory(Path.of("retention-adapter-sqlite"))
        ? "retention-adapter-sqlite/target/bench"
        : "target/bench";
  }

  private final List<String[]> table = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    new SqliteSweepBenchmark().run();
  }

  /** The cached table of {@code bench.rows} rows, generated when missing. */
  Path baseFile() throws Exception {
    Files.createDirectories(dir);
    Path base =
        dir.resolve(
            "base-" + rows + (organizations == 20 ? "" : "-" + organizations + "orgs") + ".db");
    if (!Files.exists(base)) {
      long t0 = System.nanoTime();
      generate(base);
      System.out.printf(Locale.ROOT, "generated %,d rows in %.1f s%n", rows, seconds(t0));
    }
    return base;
  }

  Path workDirectory() {
    return dir;
  }

  SqliteSettings settings() {
    return settings;
  }

  void run() throws Exception {
    Path base = baseFile();
    System.out.printf(
        Locale.ROOT,
        "pragmas: WAL, synchronous=NORMAL, cache_size=-%d KiB, wal_autocheckpoint=%s;"
            + " adaptive batches target %d ms, pause %d ms%n",
        cacheKib,
        autocheckpoint == 0 ? "default(1000)" : String.valueOf(autocheckpoint),
        settings.batchTarget().toMillis(),
        settings.pauseBetweenBatches().toMillis());
    header();
    scenario(base, 90);
    if (steady) {
      scenario(base, 178);
    }
    closePools();
    print();
  }

  private void scenario(Path base, int retentionDays) throws Exception {
    String label = retentionDays == 90 ? "backlog" : "steady";
    long cutoff = NOW.getEpochSecond() - retentionDays * 86_400L;
    java.util.Map<String, List<Result>> results = new java.util.LinkedHashMap<>();
    // Repetitions interleave the approaches, so that load from elsewhere hits them alike.
    for (int rep = 0; rep < reps; rep++) {
      results
          .computeIfAbsent("one DELETE", k -> new ArrayList<>())
          .add(rawDelete(copy(base), cutoff));
      for (int size : only.contains("sweep") ? sizes : new int[0]) {
        results
            .computeIfAbsent(size == 0 ? "sweep adaptive" : "sweep " + size, k -> new ArrayList<>())
            .add(sweep(copy(base), retentionDays, size));
      }
      if (fullRun && only.contains("full")) {
        results
            .computeIfAbsent("full run (defaults)", k -> new ArrayList<>())
            .add(serviceRun(copy(base), RetentionPolicy.ofDays(retentionDays)));
      }
      if (fullRun && policy && only.contains("full")) {
        results
            .computeIfAbsent("full run (policy)", k -> new ArrayList<>())
            .add(serviceRun(copy(base), issuePolicy(retentionDays)));
        results
            .computeIfAbsent("full run (policy + 20,000 names)", k -> new ArrayList<>())
            .add(serviceRun(copy(base), largePolicy(retentionDays)));
      }
    }
    double raw = medianWall(results.get("one DELETE"));
    results.forEach((approach, runs) -> add(label, approach, runs, raw));
  }

  /** The issue's policy on this data: one organization keeps 180 days, one 30, one is held. */
  static RetentionPolicy issuePolicy(int defaultDays) {
    return RetentionPolicy.ofDays(defaultDays)
        .withTenantDays(
            java.util.Map.of(
                new ai.mai.retention.core.domain.OrganizationId("org-0"), 180,
                new ai.mai.retention.core.domain.OrganizationId("org-1"), 30))
        .withLegalHolds(java.util.Set.of(new ai.mai.retention.core.domain.OrganizationId("org-2")));
  }

  /**
   * The same effect on this data as {@link #issuePolicy}, written with 10,000 overrides and 10,000
   * holds (the others name organizations without rows): what a policy's size alone costs.
   */
  static RetentionPolicy largePolicy(int defaultDays) {
    RetentionPolicy small = issuePolicy(defaultDays);
    java.util.Map<ai.mai.retention.core.domain.OrganizationId, Integer> overrides =
        new java.util.TreeMap<>(small.tenantDays());
    java.util.Set<ai.mai.retention.core.domain.OrganizationId> holds =
        new java.util.TreeSet<>(small.legalHolds());
    for (int i = 0; overrides.size() < 10_000; i++) {
      overrides.put(new ai.mai.retention.core.domain.OrganizationId("absent-" + i), 1 + i % 365);
    }
    for (int i = 0; holds.size() < 10_000; i++) {
      holds.add(new ai.mai.retention.core.domain.OrganizationId("absent-held-" + i));
    }
    return small.withTenantDays(overrides).withLegalHolds(holds);
  }

  private static double medianWall(List<Result> runs) {
    double[] walls = runs.stream().mapToDouble(Result::wallSeconds).sorted().toArray();
    return walls[walls.length / 2];
  }

  // ---- scenarios ---------------------------------------------------------------------------

  private Result rawDelete(Path file, long cutoff) throws Exception {
    DataSource dataSource = cleanupDataSource(file);
    try (WriterProbe probe = WriterProbe.start(file, writer);
        Connection connection = dataSource.getConnection()) {
      long t0 = System.nanoTime();
      long deleted;
      connection.setAutoCommit(false);
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM processed_generations WHERE processed_at < ?")) {
        delete.setLong(1, cutoff);
        deleted = delete.executeUpdate();
      }
      connection.commit();
      double wall = seconds(t0);
      probe.stop();
      return new Result(deleted, wall, 1, new long[] {(long) (wall * 1e9)}, probe.latencies());
    }
  }

  private Result sweep(Path file, int retentionDays, int batchSize) throws Exception {
    JdbcRetentionPorts ports = SqliteRetention.create(cleanupDataSource(file), settings);
    CleanupCriteria criteria = RetentionPolicy.ofDays(retentionDays).criteriaAt(NOW);
    try (WriterProbe probe = WriterProbe.start(file, writer)) {
      long t0 = System.nanoTime();
      var snapshot = ports.store().inspect(criteria);
      System.out.printf(Locale.ROOT, "  inspect %.2f s%n", seconds(t0));
      List<Long> batchNanos = new ArrayList<>();
      long deleted = 0;
      try (ExpiredRecordStore.Sweep sweep =
          ports
              .store()
              .openSweep(
                  criteria,
                  snapshot,
                  batchSize == 0 ? OptionalInt.empty() : OptionalInt.of(batchSize))) {
        while (true) {
          long b0 = System.nanoTime();
          Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          batchNanos.add(System.nanoTime() - b0);
          if (batch.isEmpty()) {
            break;
          }
          deleted += batch.get().records();
        }
      }
      double wall = seconds(t0);
      probe.stop();
      if (deleted != snapshot.expiredRecords()) {
        throw new IllegalStateException(
            "sweep deleted " + deleted + " but inspect saw " + snapshot.expiredRecords());
      }
      return new Result(
          deleted,
          wall,
          batchNanos.size(),
          batchNanos.stream().mapToLong(Long::longValue).toArray(),
          probe.latencies());
    }
  }

  /**
   * The whole use case: lock, journal, inspect, batches with progress and lease renewals; on a
   * connection pool as the app has one (each journal write or lease renewal would otherwise open
   * the file anew).
   */
  private Result serviceRun(Path file, RetentionPolicy runPolicy) throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(cleanupDataSource(file));
    pool.setMaximumPoolSize(4);
    pool.setPoolName("bench");
    try (HikariDataSource pooled = new HikariDataSource(pool)) {
      JdbcRetentionPorts ports = SqliteRetention.create(pooled, settings);
      // As the app does before a run; a base file cached by an older version gets the new tables.
      ports.schema().migrate();
      List<Long> batchEnds = new ArrayList<>();
      CleanupListener listener =
          new CleanupListener() {
            @Override
            public void runStarting(CleanupReport plan) {
              batchEnds.add(System.nanoTime());
            }

            @Override
            public void batchCommitted(CleanupReport progress) {
              batchEnds.add(System.nanoTime());
            }
          };
      PortTimings timings = new PortTimings();
      RunCleanupService service =
          new RunCleanupService(
              timings.timed(ExpiredRecordStore.class, ports.store(), "store"),
              timings.timed(CleanupJournal.class, ports.journal(), "journal"),
              timings.timed(CleanupLock.class, ports.lock(), "lock"),
              listener,
              Clock.fixed(NOW, ZoneOffset.UTC));
      try (WriterProbe probe = WriterProbe.start(file, writer)) {
        long t0 = System.nanoTime();
        CleanupReport report =
            service.runCleanup(CleanupRequest.of(runPolicy, CleanupTrigger.MANUAL));
        double wall = seconds(t0);
        probe.stop();
        System.out.println("  full run, seconds per port call: " + timings.summary());
        if (!report.success()) {
          throw new IllegalStateException("run failed: " + report.error());
        }
        long[] intervals = new long[Math.max(0, batchEnds.size() - 1)];
        for (int i = 1; i < batchEnds.size(); i++) {
          intervals[i - 1] = batchEnds.get(i) - batchEnds.get(i - 1);
        }
        return new Result(
            report.recordsDeleted(), wall, report.batches(), intervals, probe.latencies());
      }
    }
  }

  // ---- data --------------------------------------------------------------------------------

  private void generate(Path file) throws SQLException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.deleteIfExists(partial);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    String url = "jdbc:sqlite:" + partial;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
      statement.execute("PRAGMA cache_size=-524288");
      for (String ddl : SqliteTestDatabase.PROCESSED_GENERATIONS_DDL) {
        statement.execute(ddl);
      }
      connection.setAutoCommit(false);
      SplittableRandom random = new SplittableRandom(42);
      long start = NOW.getEpochSecond() - DAYS_OF_DATA * 86_400L;
      long span = DAYS_OF_DATA * 86_400L;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO processed_generations (id, client_org_id, generation_date,"
                  + " processed_at, total_cost, total_tokens) VALUES (?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          // Chronological, as the usage sync writes them; ids are random like OpenRouter's.
          long processedAt = start + (long) i * span / rows;
          insert.setString(1, "gen-" + processedAt + "-" + randomId(random));
          insert.setString(2, "org-" + random.nextInt(organizations));
          insert.setString(
              3,
              LocalDate.ofInstant(Instant.ofEpochSecond(processedAt), ZoneOffset.UTC).toString());
          insert.setLong(4, processedAt);
          insert.setDouble(5, random.nextInt(50_000) / 1_000_000.0);
          insert.setLong(6, 1 + random.nextInt(8_000));
          insert.addBatch();
          if (i % 10_000 == 9_999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
      connection.setAutoCommit(true);
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    SqliteRetention.create(SqliteDataSources.forCleanup(url), SqliteSettings.defaults())
        .schema()
        .migrate();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
    try {
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final char[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

  static String randomId(SplittableRandom random) {
    char[] id = new char[20];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return new String(id);
  }

  Path copy(Path base) throws java.io.IOException {
    closePools();
    Path copy = dir.resolve("run.db");
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(dir.resolve("run.db" + suffix));
    }
    Files.copy(base, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /** Pooled like the app does it (a small Hikari pool over the cleanup data source). */
  DataSource cleanupDataSource(Path file) {
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setDataSource(unpooled(file));
    config.setMaximumPoolSize(6);
    config.setMinimumIdle(0);
    config.setPoolName("bench");
    pools.add(new com.zaxxer.hikari.HikariDataSource(config));
    return pools.get(pools.size() - 1);
  }

  private final List<com.zaxxer.hikari.HikariDataSource> pools = new ArrayList<>();

  void closePools() {
    pools.forEach(com.zaxxer.hikari.HikariDataSource::close);
    pools.clear();
  }

  /** The production pragmas, with the cache and checkpoint settings under test. */
  private DataSource unpooled(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(SqliteDataSources.BUSY_TIMEOUT_MILLIS);
    config.setCacheSize(-cacheKib);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file);
    if (autocheckpoint == 0) {
      return dataSource;
    }
    return new SessionSetupDataSource(dataSource, "PRAGMA wal_autocheckpoint=" + autocheckpoint);
  }

  // ---- the host's writer -------------------------------------------------------------------

  /** Inserts one fresh row every 2 ms on its own connection and records how long each took. */
  static final class WriterProbe implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Long> latencies = new ArrayList<>();
    private final Thread thread;

    private WriterProbe(Path file, boolean enabled) {
      thread = enabled ? new Thread(() -> write(file), "writer-probe") : null;
      if (thread != null) {
        thread.setDaemon(true);
        thread.start();
      }
    }

    static WriterProbe start(Path file, boolean enabled) {
      return new WriterProbe(file, enabled);
    }

    private void write(Path file) {
      SQLiteConfig config = new SQLiteConfig();
      config.setBusyTimeout(60_000);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      SplittableRandom random = new SplittableRandom(7);
      try (Connection connection = config.createConnection("jdbc:sqlite:" + file);
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO processed_generations (id, client_org_id, generation_date,"
                      + " processed_at, total_cost, total_tokens)"
                      + " VALUES (?, 'org-live', '2026-06-01', ?, 0.001, 10)")) {
        long next = System.nanoTime();
        while (running.get()) {
          long t0 = System.nanoTime();
          insert.setString(1, "live-" + randomId(random));
          insert.setLong(2, NOW.getEpochSecond());
          insert.executeUpdate();
          long took = System.nanoTime() - t0;
          synchronized (latencies) {
            latencies.add(took);
          }
          next += 2_000_000;
          long sleep = next - System.nanoTime();
          if (sleep > 0) {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
          } else {
            next = System.nanoTime();
          }
        }
      } catch (SQLException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      if (thread != null) {
        thread.join();
      }
    }

    long[] latencies() {
      synchronized (latencies) {
        return latencies.stream().mapToLong(Long::longValue).toArray();
      }
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  // ---- report ------------------------------------------------------------------------------

  record Result(long deleted, double wallSeconds, int batches, long[] batchNanos, long[] writes) {}

  private void header() {
    table.add(
        new String[] {
          "case",
          "approach",
          "deleted",
          "wall s",
          "x DELETE",
          "batches",
          "batch max ms",
          "batch p99 ms",
          "writer max ms",
          "writer p99 ms",
          "writes"
        });
  }

  /** One table row: median wall time; batch and writer figures over all repetitions. */
  private void add(String label, String approach, List<Result> runs, double rawSeconds) {
    double wall = medianWall(runs);
    long[] batches = runs.stream().flatMapToLong(r -> Arrays.stream(r.batchNanos())).toArray();
    long[] writes = runs.stream().flatMapToLong(r -> Arrays.stream(r.writes())).toArray();
    table.add(
        new String[] {
          label,
          approach,
          String.format(Locale.ROOT, "%,d", runs.get(0).deleted()),
          String.format(Locale.ROOT, "%.2f", wall)
              + (runs.size() > 1
                  ? runs.stream()
                      .map(r -> String.format(Locale.ROOT, "%.1f", r.wallSeconds()))
                      .collect(java.util.stream.Collectors.joining(" ", " (", ")"))
                  : ""),
          String.format(Locale.ROOT, "%.2f", wall / rawSeconds),
          String.valueOf(runs.get(0).batches()),
          millis(max(batches)),
          millis(percentile(batches, 0.99)),
          writes.length == 0 ? "-" : millis(max(writes)),
          writes.length == 0 ? "-" : millis(percentile(writes, 0.99)),
          String.valueOf(writes.length)
        });
    System.out.println(String.join(" | ", table.get(table.size() - 1)));
  }

  private void print() {
    PrintWriter out = new PrintWriter(System.out, true);
    out.println();
    for (int i = 0; i < table.size(); i++) {
      out.println("| " + String.join(" | ", table.get(i)) + " |");
      if (i == 0) {
        out.println("|" + "---|".repeat(table.get(0).length));
      }
    }
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static long percentile(long[] values, double p) {
    if (values.length == 0) {
      return 0;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.0f", nanos / 1e6);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
