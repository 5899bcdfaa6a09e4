package ai.mai.retention.adapter.postgres;

import ai.mai.retention.adapter.jdbc.JdbcRetentionPorts;
import ai.mai.retention.core.contract.PortTimings;
import ai.mai.retention.core.domain.CleanupCriteria;
import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.OrganizationBreakdown;
import ai.mai.retention.core.domain.RetentionPolicy;
import ai.mai.retention.core.domain.TableSnapshot;
import ai.mai.retention.core.port.in.CleanupRequest;
import ai.mai.retention.core.port.out.CleanupJournal;
import ai.mai.retention.core.port.out.CleanupListener;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.ExpiredRecordStore;
import ai.mai.retention.core.service.RunCleanupService;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Measures the PostgreSQL sweep against one raw {@code DELETE} on identical copies of a table
 * shaped like {@code processed_generations}: 2,000,000 rows over 180 days, 20 organizations, random
 * text ids, both indexes, rows spread over the heap in random time order. Retention 90 days is the
 * backlog (~50% expired), 178 days the steady state (~1%). Every measurement gets a fresh copy of
 * the table (a {@code CREATE DATABASE ... TEMPLATE}), {@code VACUUM ANALYZE} and a checkpoint
 * first; methods are interleaved and repeated, and the table shows medians. Not a test: run it by
 * hand, see this module's README.
 *
 * <p>System properties: {@code bench.rows} (2000000), {@code bench.repeat} (3), {@code bench.sizes}
 * (batch sizes of the sweeps, comma separated; default: the adapter's), {@code bench.strategies}
 * (AUTO,BLOCK_RANGE,KEYSET), {@code bench.backlog} (true: the 50% case), {@code bench.steady}
 * (true: the 1% case), {@code bench.shares} (extra expired shares in percent, e.g. {@code 5,10,20},
 * to place the keyset threshold), {@code bench.durable} (true: fsync and synchronous_commit on, as
 * a production server; false: the embedded server's test defaults, both off), {@code bench.policy}
 * (true: also whole runs with issue 12's policy, {@code org-00=180,org-01=30} and {@code org-02}
 * held, and with the same written with 20,000 names), {@code bench.returning} (true: also time
 * single statements that return more and more of the deleted rows, to see what each part costs per
 * row), {@code bench.archive} (true: also whole runs keeping the deleted rows in a {@code file:}
 * and in a {@code table:} archive).
 */
public final class PostgresSweepBenchmark {

  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final int ORGANIZATIONS = 20;
  static final int DAYS_OF_DATA = 180;
  static final String TEMPLATE = "bench_template";

  private final int rows = Integer.getInteger("bench.rows", 2_000_000);
  private final int repeat = Integer.getInteger("bench.repeat", 3);
  private final int[] sizes =
      Arrays.stream(
              System.getProperty("bench.sizes", String.valueOf(PostgresSettings.DEFAULT_BATCH_SIZE))
                  .split(","))
          .map(String::trim)
          .mapToInt(Integer::parseInt)
          .toArray();
  private final List<SweepStrategy> strategies =
      Arrays.stream(System.getProperty("bench.strategies", "AUTO,BLOCK_RANGE,KEYSET").split(","))
          .map(String::trim)
          .map(SweepStrategy::valueOf)
          .toList();
  private final boolean backlog = Boolean.parseBoolean(System.getProperty("bench.backlog", "true"));
  private final boolean steady = Boolean.parseBoolean(System.getProperty("bench.steady", "true"));
  private final boolean durable = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
  private final String shares = System.getProperty("bench.shares", "");
  private final boolean policy = Boolean.parseBoolean(System.getProperty("bench.policy", "true"));
  private final boolean archive =
      Boolean.parseBoolean(System.getProperty("bench.archive", "false"));
  private final boolean returning =
      Boolean.parseBoolean(System.getProperty("bench.returning", "false"));

  /**
   * One statement each, the whole backlog: what each part of a batch's {@code RETURNING} costs per
   * row, apart from batching. The last is the adapter's exact money (see ExpiredRecordMapper.xml).
   */
  private static final Map<String, String> RETURNING_VARIANTS = new LinkedHashMap<>();

  static {
    String delete =
        "WITH d AS (DELETE FROM processed_generations WHERE processed_at < ? RETURNING ";
    RETURNING_VARIANTS.put(
        "RETURNING 1, count(*)", delete + "1 AS one) SELECT 'all', count(*) FROM d");
    RETURNING_VARIANTS.put(
        "RETURNING org, tokens; count, sum(tokens) per org",
        delete
            + "client_org_id, total_tokens) SELECT client_org_id, count(*), sum(total_tokens)"
            + " FROM d GROUP BY client_org_id");
    RETURNING_VARIANTS.put(
        "... + sum(total_cost) as float8 (inexact)",
        delete
            + "client_org_id, total_tokens, total_cost) SELECT client_org_id, count(*),"
            + " sum(total_tokens), sum(total_cost) FROM d GROUP BY client_org_id");
    RETURNING_VARIANTS.put(
        "... + exact cost as the adapter sums it",
        delete
            + "client_org_id, total_tokens, total_cost) SELECT client_org_id, count(*),"
            + " sum(total_tokens),"
            + " sum(CASE WHEN abs(total_cost) < 4096"
            + " AND round(total_cost * 1e12::float8) / 1e12::float8 = total_cost"
            + " THEN round(total_cost * 1e12::float8)::bigint END),"
            + " sum(CASE WHEN abs(total_cost) < 4096"
            + " AND round(total_cost * 1e12::float8) / 1e12::float8 = total_cost"
            + " THEN NULL ELSE total_cost::text::numeric END)"
            + " FROM d GROUP BY client_org_id");
  }

  private EmbeddedPostgres server;
  private int copies;
  private final List<String[]> table = new ArrayList<>();

  public static void main(String[] args) throws Exception {
    new PostgresSweepBenchmark().run();
  }

  void run() throws Exception {
    EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
    if (durable) {
      builder
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on");
    }
    try (EmbeddedPostgres started = builder.start()) {
      server = started;
      describeServer();
      long t0 = System.nanoTime();
      createTemplate();
      System.out.printf(Locale.ROOT, "generated %,d rows in %.1f s%n", rows, seconds(t0));
      if (returning) {
        returningVariants("backlog", 90);
      }
      if (backlog) {
        scenario("backlog", 90);
      }
      if (steady) {
        scenario("steady", 178);
      }
      for (String share : shares.isBlank() ? new String[0] : shares.split(",")) {
        // retention giving about this share expired: data is spread evenly over 180 days
        int percent = Integer.parseInt(share.trim());
        scenario(percent + "%", (int) Math.round(DAYS_OF_DATA * (1 - percent / 100.0)));
      }
      print();
    }
  }

  // ---- scenarios ---------------------------------------------------------------------------

  private void scenario(String label, int retentionDays) throws Exception {
    Map<String, List<Result>> results = new LinkedHashMap<>();
    for (int round = 0; round < repeat; round++) {
      record(results, label, "one DELETE", rawDelete(retentionDays));
      record(
          results, label, "one DELETE, RETURNING sums in a CTE", rawDeleteWithSums(retentionDays));
      for (SweepStrategy strategy : strategies) {
        for (int size : sizes) {
          record(
              results,
              label,
              "inspect + sweep " + strategy + " " + size,
              sweep(retentionDays, strategy, size));
        }
      }
      record(
          results,
          label,
          "full run (service, Hikari pool)",
          fullRun(RetentionPolicy.ofDays(retentionDays)));
      if (archive) {
        java.nio.file.Path directory = java.nio.file.Files.createTempDirectory("archive-bench");
        record(
            results,
            label,
            "full run, archive file:",
            fullRun(
                RetentionPolicy.ofDays(retentionDays),
                ai.mai.retention.core.domain.ArchiveTarget.file(directory.toString())));
        try (var files = java.nio.file.Files.list(directory)) {
          System.err.printf(
              Locale.ROOT,
              "  archive files: %,d bytes%n",
              files.mapToLong(f -> f.toFile().length()).sum());
        }
        record(
            results,
            label,
            "full run, archive table:",
            fullRun(
                RetentionPolicy.ofDays(retentionDays),
                ai.mai.retention.core.domain.ArchiveTarget.table("generations_archive")));
      }
      if (policy) {
        record(results, label, "full run, policy", fullRun(issuePolicy(retentionDays)));
        record(
            results, label, "full run, policy + 20,000 names", fullRun(largePolicy(retentionDays)));
      }
    }
    double raw = median(results.get("one DELETE"));
    for (Map.Entry<String, List<Result>> entry : results.entrySet()) {
      List<Result> runs = entry.getValue();
      Result first = runs.get(0);
      double wall = median(runs);
      table.add(
          new String[] {
            label,
            entry.getKey(),
            String.format(Locale.ROOT, "%,d", first.deleted),
            first.strategy,
            String.valueOf(first.batches),
            String.format(Locale.ROOT, "%.2f", wall),
            String.format(
                Locale.ROOT, "%.2f", runs.stream().mapToDouble(r -> r.wall).min().orElse(0)),
            first.sweepOnly < 0 ? "" : String.format(Locale.ROOT, "%.2f", medianSweep(runs)),
            String.format(
                Locale.ROOT,
                "%.0f",
                runs.stream().mapToDouble(r -> r.maxBatchMillis).max().orElse(0)),
            String.format(Locale.ROOT, "%.2fx", wall / raw)
          });
    }
  }

  private static void record(
      Map<String, List<Result>> results, String label, String method, Result result) {
    results.computeIfAbsent(method, k -> new ArrayList<>()).add(result);
    System.err.printf(
        Locale.ROOT,
        "%s / %s: %.2f s, %d batches, %,d rows%n",
        label,
        method,
        result.wall,
        result.batches,
        result.deleted);
  }

  private Result rawDelete(int retentionDays) throws Exception {
    String database = freshCopy();
    try (Connection connection = connect(database)) {
      long t0 = System.nanoTime();
      long deleted;
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM processed_generations WHERE processed_at < ?")) {
        delete.setLong(1, cutoff(retentionDays));
        deleted = delete.executeUpdate();
      }
      double wall = seconds(t0);
      return new Result(deleted, wall, -1, 1, wall * 1000, "-");
    } finally {
      drop(database);
    }
  }

  private void returningVariants(String label, int retentionDays) throws Exception {
    Map<String, List<Result>> results = new LinkedHashMap<>();
    for (int round = 0; round < repeat; round++) {
      record(results, label, "one DELETE", rawDelete(retentionDays));
      for (Map.Entry<String, String> variant : RETURNING_VARIANTS.entrySet()) {
        record(results, label, variant.getKey(), rawStatement(variant.getValue(), retentionDays));
      }
    }
    double raw = median(results.get("one DELETE"));
    results.forEach(
        (method, runs) ->
            table.add(
                new String[] {
                  label,
                  method,
                  String.format(Locale.ROOT, "%,d", runs.get(0).deleted),
                  "-",
                  "1",
                  String.format(Locale.ROOT, "%.2f", median(runs)),
                  String.format(
                      Locale.ROOT, "%.2f", runs.stream().mapToDouble(r -> r.wall).min().orElse(0)),
                  "",
                  "",
                  String.format(Locale.ROOT, "%.2fx", median(runs) / raw)
                }));
  }

  /** One statement whose result rows carry a count in their second column. */
  private Result rawStatement(String sql, int retentionDays) throws Exception {
    String database = freshCopy();
    try (Connection connection = connect(database)) {
      long t0 = System.nanoTime();
      long deleted = 0;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, cutoff(retentionDays));
        try (ResultSet rs = statement.executeQuery()) {
          while (rs.next()) {
            deleted += rs.getLong(2);
          }
        }
      }
      double wall = seconds(t0);
      return new Result(deleted, wall, -1, 1, wall * 1000, "-");
    } finally {
      drop(database);
    }
  }

  private Result rawDeleteWithSums(int retentionDays) throws Exception {
    String database = freshCopy();
    try (Connection connection = connect(database)) {
      long t0 = System.nanoTime();
      long deleted = 0;
      try (PreparedStatement delete =
          connection.prepareStatement(
              "WITH d AS (DELETE FROM processed_generations WHERE processed_at < ?"
                  + " RETURNING client_org_id, total_tokens, total_cost)"
                  + " SELECT client_org_id, count(*), sum(total_tokens),"
                  + " sum(total_cost::text::numeric) FROM d GROUP BY client_org_id")) {
        delete.setLong(1, cutoff(retentionDays));
        try (ResultSet rs = delete.executeQuery()) {
          while (rs.next()) {
            deleted += rs.getLong(2);
          }
        }
      }
      double wall = seconds(t0);
      return new Result(deleted, wall, -1, 1, wall * 1000, "-");
    } finally {
      drop(database);
    }
  }

  private Result sweep(int retentionDays, SweepStrategy strategy, int batchSize) throws Exception {
    String database = freshCopy();
    try (HikariDataSource pool = pool(database)) {
      JdbcRetentionPorts ports =
          PostgresRetention.create(pool, PostgresSettings.defaults().withSweepStrategy(strategy));
      CleanupCriteria criteria = RetentionPolicy.ofDays(retentionDays).criteriaAt(NOW);
      long t0 = System.nanoTime();
      TableSnapshot snapshot = ports.store().inspect(criteria);
      long s0 = System.nanoTime();
      long deleted = 0;
      int batches = 0;
      double maxBatch = 0;
      String chosen;
      try (ExpiredRecordStore.Sweep sweep =
          ports.store().openSweep(criteria, snapshot, OptionalInt.of(batchSize))) {
        chosen = sweep.getClass().getSimpleName().replace("Sweep", "");
        while (true) {
          long b0 = System.nanoTime();
          Optional<OrganizationBreakdown> batch = sweep.deleteNextBatch();
          maxBatch = Math.max(maxBatch, (System.nanoTime() - b0) / 1e6);
          if (batch.isEmpty()) {
            break;
          }
          batches++;
          deleted += batch.get().records();
        }
      }
      double wall = seconds(t0);
      double sweepOnly = seconds(s0);
      if (deleted != snapshot.expiredRecords()) {
        throw new IllegalStateException(
            "sweep deleted " + deleted + " but inspect saw " + snapshot.expiredRecords());
      }
      return new Result(deleted, wall, sweepOnly, batches, maxBatch, chosen);
    } finally {
      drop(database);
    }
  }

  /** Issue 12's policy on this data: one organization keeps 180 days, one 30, one is held. */
  static RetentionPolicy issuePolicy(int defaultDays) {
    return RetentionPolicy.ofDays(defaultDays)
        .withTenantDays(
            Map.of(
                new ai.mai.retention.core.domain.OrganizationId("org-00"), 180,
                new ai.mai.retention.core.domain.OrganizationId("org-01"), 30))
        .withLegalHolds(
            java.util.Set.of(new ai.mai.retention.core.domain.OrganizationId("org-02")));
  }

  /** The same effect, written with 10,000 overrides and 10,000 holds: what size alone costs. */
  static RetentionPolicy largePolicy(int defaultDays) {
    RetentionPolicy small = issuePolicy(defaultDays);
    Map<ai.mai.retention.core.domain.OrganizationId, Integer> overrides =
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

  /** The whole use case: lock, journal start, inspect, batches with progress, count, audit row. */
  private Result fullRun(RetentionPolicy runPolicy) throws Exception {
    return fullRun(runPolicy, null);
  }

  /** The same, keeping the deleted rows in {@code target} ({@code bench.archive}). */
  private Result fullRun(
      RetentionPolicy runPolicy, ai.mai.retention.core.domain.ArchiveTarget target)
      throws Exception {
    String database = freshCopy();
    try (HikariDataSource pool = pool(database)) {
      JdbcRetentionPorts ports =
          PostgresRetention.create(pool, PostgresSettings.defaults(), target);
      ports.archive().ifPresent(a -> a.prepare());
      long[] last = {0};
      double[] maxBatch = {0};
      CleanupListener listener =
          new CleanupListener() {
            @Override
            public void runStarting(CleanupReport plan) {
              last[0] = System.nanoTime();
            }

            @Override
            public void batchCommitted(CleanupReport progress) {
              long now = System.nanoTime();
              maxBatch[0] = Math.max(maxBatch[0], (now - last[0]) / 1e6);
              last[0] = now;
            }
          };
      PortTimings timings = new PortTimings();
      RunCleanupService service =
          new RunCleanupService(
                  timings.timed(ExpiredRecordStore.class, ports.store(), "store"),
                  timings.timed(CleanupJournal.class, ports.journal(), "journal"),
                  timings.timed(CleanupLock.class, ports.lock(), "lock"),
                  listener,
                  Clock.fixed(NOW, ZoneOffset.UTC))
              .withArchive(ports.archive().orElse(null));
      long t0 = System.nanoTime();
      CleanupReport report =
          service.runCleanup(CleanupRequest.of(runPolicy, CleanupTrigger.MANUAL));
      double wall = seconds(t0);
      System.err.println("  full run, seconds per port call: " + timings.summary());
      if (!report.success()) {
        throw new IllegalStateException("run failed: " + report.error());
      }
      return new Result(report.recordsDeleted(), wall, -1, report.batches(), maxBatch[0], "AUTO");
    } finally {
      drop(database);
    }
  }

  // ---- data ------------------------------------------------------------------------------

  /**
   * The template: rows in random time order (ids from md5 of a seeded random), loaded without
   * indexes, then both of mAI's indexes, the library's tables, and VACUUM ANALYZE.
   */
  private void createTemplate() throws SQLException {
    admin("CREATE DATABASE " + TEMPLATE);
    try (Connection connection = connect(TEMPLATE);
        Statement statement = connection.createStatement()) {
      for (String ddl : PostgresTestDatabase.PROCESSED_GENERATIONS_DDL) {
        if (ddl.startsWith("CREATE TABLE")) {
          statement.execute(ddl);
        }
      }
      statement.execute("SELECT setseed(0.42)");
      statement.execute(
          "INSERT INTO processed_generations"
              + " SELECT 'gen-' || md5(random()::text) || '-' || g,"
              + " 'org-' || lpad((g % "
              + ORGANIZATIONS
              + ")::text, 2, '0'),"
              + " to_timestamp(p) AT TIME ZONE 'UTC',"
              + " p,"
              + " round((random() * 0.05)::numeric, 6)::float8,"
              + " 1 + floor(random() * 8000)::int"
              + " FROM (SELECT g, "
              + NOW.getEpochSecond()
              + " - floor(random() * "
              + DAYS_OF_DATA * 86_400L
              + ")::bigint AS p FROM generate_series(1, "
              + rows
              + ") g) s");
      for (String ddl : PostgresTestDatabase.PROCESSED_GENERATIONS_DDL) {
        if (ddl.startsWith("CREATE INDEX")) {
          statement.execute(ddl);
        }
      }
    }
    try (HikariDataSource pool = pool(TEMPLATE)) {
      PostgresRetention.create(pool, PostgresSettings.defaults()).schema().migrate();
    }
    try (Connection connection = connect(TEMPLATE);
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE");
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT pg_relation_size('processed_generations') / 8192,"
                  + " pg_total_relation_size('processed_generations') / 1048576")) {
        rs.next();
        System.out.printf(
            Locale.ROOT,
            "table: %,d heap blocks, %,d MiB with indexes%n",
            rs.getLong(1),
            rs.getLong(2));
      }
    }
    admin("ALTER DATABASE " + TEMPLATE + " IS_TEMPLATE true");
  }

  private String freshCopy() throws SQLException {
    String name = "bench_" + (++copies);
    admin("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " STRATEGY FILE_COPY");
    try (Connection connection = connect(name);
        Statement statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE processed_generations");
      statement.execute("CHECKPOINT");
    }
    return name;
  }

  private void drop(String database) throws SQLException {
    admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  private void describeServer() throws SQLException {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT version(), current_setting('shared_buffers'),"
                    + " current_setting('fsync'), current_setting('synchronous_commit'),"
                    + " current_setting('max_parallel_workers_per_gather')")) {
      rs.next();
      System.out.printf(
          Locale.ROOT,
          "%s%nshared_buffers=%s fsync=%s synchronous_commit=%s"
              + " max_parallel_workers_per_gather=%s, %d CPUs%n",
          rs.getString(1),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          rs.getString(5),
          Runtime.getRuntime().availableProcessors());
    }
  }

  private Connection connect(String database) throws SQLException {
    return server.getDatabase("postgres", database).getConnection();
  }

  private HikariDataSource pool(String database) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(server.getDatabase("postgres", database));
    config.setMaximumPoolSize(4);
    config.setPoolName("bench");
    return new HikariDataSource(config);
  }

  private void admin(String sql) throws SQLException {
    try (Connection connection = connect("postgres");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static long cutoff(int retentionDays) {
    return CleanupCriteria.uniform(NOW, retentionDays).defaultCutoff().epochSecond();
  }

  // ---- report ----------------------------------------------------------------------------

  private record Result(
      long deleted,
      double wall,
      double sweepOnly,
      int batches,
      double maxBatchMillis,
      String strategy) {}

  private static double median(List<Result> runs) {
    return medianOf(runs.stream().mapToDouble(Result::wall).sorted().toArray());
  }

  private static double medianSweep(List<Result> runs) {
    return medianOf(runs.stream().mapToDouble(Result::sweepOnly).sorted().toArray());
  }

  private static double medianOf(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private void print() {
    String[] header = {
      "scenario",
      "method",
      "rows deleted",
      "walk",
      "batches",
      "median s",
      "min s",
      "sweep s",
      "max batch ms",
      "vs DELETE"
    };
    int[] widths = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      widths[i] = header[i].length();
      for (String[] row : table) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%n%d runs each, median wall time (a fresh copy of the table per run)%n",
        repeat);
    printRow(header, widths);
    String[] rule = new String[header.length];
    for (int i = 0; i < header.length; i++) {
      rule[i] = "-".repeat(widths[i]);
    }
    printRow(rule, widths);
    for (String[] row : table) {
      printRow(row, widths);
    }
  }

  private static void printRow(String[] cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.length; i++) {
      String cell = cells[i];
      boolean left = i < 2 || i == 3;
      String padded =
          left
              ? cell + " ".repeat(widths[i] - cell.length())
              : " ".repeat(widths[i] - cell.length()) + cell;
      line.append(' ').append(padded).append(" |");
    }
    System.out.println(line);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
