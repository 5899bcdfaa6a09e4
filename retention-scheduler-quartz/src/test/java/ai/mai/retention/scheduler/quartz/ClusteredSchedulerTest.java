package ai.mai.retention.scheduler.quartz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.core.domain.CleanupTrigger;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.JobListener;
import org.quartz.SchedulerException;

/**
 * Replicas sharing Quartz's JDBC job store on a real PostgreSQL, with the tables made by the
 * scheduler's own migration. Each replica has its own pool, as separate processes would.
 */
class ClusteredSchedulerTest {

  private static final String DDL = "db/retention-quartz/postgresql/V1__quartz_job_store.sql";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final String HANDOVER_TRIGGERS =
      "SELECT trigger_name FROM retention_qrtz_triggers WHERE trigger_name LIKE 'handover-%'";

  private static EmbeddedPostgres postgres;

  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<QuartzCleanupScheduler> replicas = new ArrayList<>();
  private String database;

  /**
   * What a replica's Quartz ran: which replica, for which tick (a handed-over firing's original
   * one), and whether it ran the cleanup or skipped it (met while stopping).
   */
  record Execution(String replica, Instant tick, String trigger, boolean ran) {}

  @BeforeAll
  static void startPostgres() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @AfterEach
  void stopReplicasAndPools() {
    replicas.forEach(replica -> replica.shutdown(Duration.ofSeconds(5)));
    pools.forEach(HikariDataSource::close);
  }

  @Test
  void theMigrationIsIdempotentAndSeedsTheLockRows() throws Exception {
    HikariDataSource pool = freshDatabaseWithQuartzTables();
    runMigration(pool);

    assertThat(queryStrings(pool, "SELECT lock_name FROM retention_qrtz_locks ORDER BY 1"))
        .containsExactly("STATE_ACCESS", "TRIGGER_ACCESS");
    assertThat(queryStrings(pool, "SELECT DISTINCT sched_name FROM retention_qrtz_locks"))
        .containsExactly(QuartzCleanupScheduler.SCHEDULER_NAME);
  }

  @Test
  void twoReplicasRunEveryTickExactlyOnceAlsoWhenOneLeaves() throws Exception {
    freshDatabaseWithQuartzTables();
    FakeCleanup cleanup = new FakeCleanup().work(1, Duration.ofMillis(50));
    Queue<Execution> executions = new ConcurrentLinkedQueue<>();
    ScheduleSettings everySecond =
        ScheduleSettings.defaults()
            .withCron("* * * * * ?")
            .withCatchUp(false)
            .withClusterCheckinInterval(Duration.ofSeconds(1));
    Map<String, QuartzCleanupScheduler> replicas =
        Map.of(
            "replica-a", replica(everySecond, "replica-a", cleanup, executions),
            "replica-b", replica(everySecond, "replica-b", cleanup, executions));
    replicas.values().forEach(QuartzCleanupScheduler::start);

    awaitDistinctTicks(executions, 8);
    // The replica that fired last leaves; the other must take over without losing a tick.
    String leaving = last(executions).replica();
    assertThat(replicas.get(leaving).shutdown(Duration.ofSeconds(5))).isTrue();
    int ticksBeforeLeaving = executions.size();
    awaitDistinctTicks(executions, ticksBeforeLeaving + 6);
    // Firings met while stopping, up to now: the leaving replica's, long handed over and served.
    List<Execution> metWhileStopping =
        executions.stream().filter(execution -> !execution.ran()).toList();
    replicas.values().forEach(replica -> replica.shutdown(Duration.ofSeconds(5)));

    List<Execution> served = executions.stream().filter(Execution::ran).toList();
    List<Instant> ticks = served.stream().map(Execution::tick).sorted().toList();
    Map<String, Long> perReplica =
        served.stream()
            .collect(
                Collectors.groupingBy(Execution::replica, TreeMap::new, Collectors.counting()));
    System.out.println(
        "executions per replica: "
            + perReplica
            + ", ticks "
            + ticks
            + ", met while stopping "
            + metWhileStopping);

    assertThat(ticks).hasSizeGreaterThanOrEqualTo(14);
    assertThat(ticks).doesNotHaveDuplicates();
    for (int i = 1; i < ticks.size(); i++) {
      assertThat(Duration.between(ticks.get(i - 1), ticks.get(i)))
          .as("gap after tick %s", ticks.get(i - 1))
          .isEqualTo(Duration.ofSeconds(1));
    }
    assertThat(metWhileStopping)
        .as("a firing the leaving replica met while stopping is run by the other")
        .allSatisfy(skipped -> assertThat(ticks).contains(skipped.tick()));
    assertThat(perReplica).containsOnlyKeys("replica-a", "replica-b");
    assertThat(executions).allSatisfy(e -> assertThat(e.trigger()).isEqualTo("SCHEDULED"));
    // Every tick called the use case once, and nothing else did.
    assertThat(cleanup.runs()).hasSize(ticks.size());
    assertThat(cleanup.maxConcurrentRuns()).isEqualTo(1);
  }

  @Test
  void aFiringMetWhileStoppingIsHandedToTheClusterAndRunByTheNextReplicaToStart() throws Exception {
    HikariDataSource pool = freshDatabaseWithQuartzTables();
    // The tick was missed: the journal's last success is older than a day.
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofDays(2));
    ScheduleSettings daily =
        ScheduleSettings.defaults()
            .withCatchUp(false)
            .withClusterCheckinInterval(Duration.ofSeconds(1));
    Queue<Execution> executions = new ConcurrentLinkedQueue<>();
    QuartzCleanupScheduler leaving = replica(daily, "replica-a", cleanup, executions);
    leaving.start();

    // Its shutdown has raised the stop signal when Quartz hands it a firing it took just before.
    leaving.scheduledCleanup().stopAll();
    leaving
        .quartz()
        .triggerJob(
            ScheduleTriggers.JOB,
            new JobDataMap(Map.of(CleanupJob.TRIGGER, CleanupTrigger.SCHEDULED.name())));
    awaitExecutions(executions, 1);

    Execution met = executions.peek();
    assertThat(met.ran()).isFalse();
    assertThat(cleanup.runs()).isEmpty();
    assertThat(leaving.quartz().isInStandbyMode()).as("takes nothing more").isTrue();
    assertThat(queryStrings(pool, HANDOVER_TRIGGERS)).hasSize(1);
    assertThat(leaving.shutdown(Duration.ofSeconds(5))).isTrue();

    // No other replica was running: the next one to start runs the firing, as what it was, and
    // no start-up catch-up besides it, stale as the journal is.
    QuartzCleanupScheduler next =
        replica(daily.withCatchUp(true), "replica-b", cleanup, executions);
    next.start();
    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(15))).isTrue();
    awaitExecutions(executions, 2);
    assertThat(next.catchUpScheduled()).isFalse();
    Thread.sleep(1_000); // a catch-up, had one been scheduled, would have run by now

    assertThat(cleanup.runs())
        .extracting(FakeCleanup.Run::trigger)
        .containsExactly(CleanupTrigger.SCHEDULED);
    assertThat(executions)
        .containsExactly(
            met, new Execution("replica-b", met.tick(), CleanupTrigger.SCHEDULED.name(), true));
    // Quartz removes a one-shot trigger once its job has returned, after the listeners heard of it.
    assertThat(awaitNoRows(pool, HANDOVER_TRIGGERS)).isEmpty();
  }

  @Test
  void aSlowRunOnOneReplicaBlocksTheNextTickOnTheOther() throws Exception {
    freshDatabaseWithQuartzTables();
    // 1.5 s runs on a 1 s schedule.
    FakeCleanup cleanup = new FakeCleanup().work(3, Duration.ofMillis(500));
    Queue<Execution> executions = new ConcurrentLinkedQueue<>();
    ScheduleSettings everySecond =
        ScheduleSettings.defaults()
            .withCron("* * * * * ?")
            .withCatchUp(false)
            .withClusterCheckinInterval(Duration.ofSeconds(1));
    replica(everySecond, "replica-a", cleanup, executions).start();
    replica(everySecond, "replica-b", cleanup, executions).start();

    assertThat(cleanup.awaitRuns(3, Duration.ofSeconds(15))).isTrue();

    assertThat(cleanup.maxConcurrentRuns()).isEqualTo(1);
    List<FakeCleanup.Run> runs =
        cleanup.runs().stream()
            .sorted(java.util.Comparator.comparing(FakeCleanup.Run::started))
            .toList();
    for (int i = 1; i < runs.size(); i++) {
      assertThat(runs.get(i).started()).isAfterOrEqualTo(runs.get(i - 1).ended());
    }
  }

  @Test
  void replicasStartingTogetherOnAStaleJournalCatchUpOnce() throws Exception {
    freshDatabaseWithQuartzTables();
    FakeCleanup cleanup =
        new FakeCleanup().work(5, Duration.ofMillis(100)).lastSuccessAgo(Duration.ofDays(4));
    Queue<Execution> executions = new ConcurrentLinkedQueue<>();
    ScheduleSettings midnight =
        ScheduleSettings.defaults().withClusterCheckinInterval(Duration.ofSeconds(1));
    List<QuartzCleanupScheduler> both =
        List.of(
            replica(midnight, "replica-a", cleanup, executions),
            replica(midnight, "replica-b", cleanup, executions));

    CountDownLatch go = new CountDownLatch(1);
    ExecutorService starters = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> starts = new ArrayList<>();
      for (QuartzCleanupScheduler replica : both) {
        starts.add(
            starters.submit(
                () -> {
                  go.await();
                  replica.start();
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> start : starts) {
        start.get(10, TimeUnit.SECONDS);
      }
    } finally {
      starters.shutdownNow();
    }
    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(10))).isTrue();
    Thread.sleep(2_000);

    assertThat(cleanup.runs(CleanupTrigger.CATCH_UP)).hasSize(1);
    assertThat(both).allSatisfy(replica -> assertThat(replica.isStarted()).isTrue());
  }

  @Test
  void theRunOfAReplicaThatDiedIsRecoveredByAnotherAsACatchUp() throws Exception {
    HikariDataSource pool = freshDatabaseWithQuartzTables();
    // The journal is fresh: a recovery must not be skipped as a start-up catch-up would be.
    FakeCleanup cleanup = new FakeCleanup().lastSuccessAgo(Duration.ofHours(1));
    ScheduleSettings daily =
        ScheduleSettings.defaults().withClusterCheckinInterval(Duration.ofSeconds(1));
    QuartzCleanupScheduler first =
        replica(daily, "replica-a", cleanup, new ConcurrentLinkedQueue<>());
    first.start();
    first.shutdown(Duration.ofSeconds(5));
    // A replica "ghost" was executing the job when it died: its fired-trigger row is left behind.
    long firedAt = System.currentTimeMillis() - 60_000;
    execute(
        pool,
        "INSERT INTO retention_qrtz_fired_triggers (sched_name, entry_id, trigger_name,"
            + " trigger_group, instance_name, fired_time, sched_time, priority, state, job_name,"
            + " job_group, is_nonconcurrent, requests_recovery) VALUES ('mai-retention',"
            + " 'ghost-1', 'schedule', 'retention', 'ghost', "
            + firedAt
            + ", "
            + firedAt
            + ", 5, 'EXECUTING', 'cleanup', 'retention', true, true)");

    QuartzCleanupScheduler survivor =
        replica(daily, "replica-b", cleanup, new ConcurrentLinkedQueue<>());
    survivor.start();

    assertThat(cleanup.awaitRuns(1, Duration.ofSeconds(10))).isTrue();
    assertThat(cleanup.runs())
        .extracting(FakeCleanup.Run::trigger)
        .containsExactly(CleanupTrigger.CATCH_UP);
    assertThat(survivor.catchUpScheduled()).isFalse();
  }

  @Test
  void aRestartKeepsTheStoredScheduleAndADifferentCronReplacesIt() throws Exception {
    HikariDataSource pool = freshDatabaseWithQuartzTables();
    ScheduleSettings daily = ScheduleSettings.defaults().withCatchUp(false);
    FakeCleanup cleanup = new FakeCleanup();

    QuartzCleanupScheduler first =
        replica(daily, "replica-a", cleanup, new ConcurrentLinkedQueue<>());
    first.start();
    List<String> startTime =
        queryStrings(pool, "SELECT start_time::text FROM retention_qrtz_triggers");
    first.shutdown(Duration.ofSeconds(5));

    QuartzCleanupScheduler again =
        replica(daily, "replica-a", cleanup, new ConcurrentLinkedQueue<>());
    again.start();
    assertThat(queryStrings(pool, "SELECT start_time::text FROM retention_qrtz_triggers"))
        .isEqualTo(startTime);
    again.shutdown(Duration.ofSeconds(5));

    QuartzCleanupScheduler changed =
        replica(
            daily.withCron("0 30 2 * * ?").withTimeZone("Europe/Berlin"),
            "replica-b",
            cleanup,
            new ConcurrentLinkedQueue<>());
    changed.start();
    assertThat(
            queryStrings(
                pool,
                "SELECT cron_expression || ' ' || time_zone_id FROM retention_qrtz_cron_triggers"))
        .containsExactly("0 30 2 * * ? Europe/Berlin");
    assertThat(
            changed
                .nextFireTime()
                .orElseThrow()
                .atZone(java.time.ZoneId.of("Europe/Berlin"))
                .toLocalTime())
        .hasToString("02:30");
  }

  @Test
  void aClusteredSchedulerCreatesItsOwnTablesOnAFreshDatabaseWithItsOwnHistory() throws Exception {
    database = createDatabase();
    HikariDataSource pool = pool(database);
    assertThat(queryStrings(pool, "SELECT to_regclass('retention_qrtz_triggers')::text"))
        .containsOnlyNulls();

    QuartzCleanupScheduler first =
        replica(
            ScheduleSettings.defaults().withCatchUp(false),
            "replica-a",
            new FakeCleanup(),
            new ConcurrentLinkedQueue<>());
    first.start();
    first.shutdown(Duration.ofSeconds(5));
    replica(
        ScheduleSettings.defaults().withCatchUp(false),
        "replica-b",
        new FakeCleanup(),
        new ConcurrentLinkedQueue<>());

    assertThat(queryStrings(pool, "SELECT lock_name FROM retention_qrtz_locks ORDER BY 1"))
        .containsExactly("STATE_ACCESS", "TRIGGER_ACCESS");
    assertThat(
            queryStrings(
                pool,
                "SELECT version || ':' || success FROM "
                    + QuartzTables.HISTORY_TABLE
                    + " WHERE version IS NOT NULL ORDER BY installed_rank"))
        .containsExactly("1:true");
    // The library's own migration history is not the scheduler's business.
    assertThat(queryStrings(pool, "SELECT to_regclass('retention_schema_history')::text"))
        .containsOnlyNulls();
  }

  @Test
  void tablesTheAdaptersFormerV4MadeAreAdoptedWithTheirSchedule() throws Exception {
    // A database from before the move: the same SQL ran as the adapter's V4, a schedule is stored.
    HikariDataSource pool = freshDatabaseWithQuartzTables();
    QuartzCleanupScheduler before =
        replica(
            ScheduleSettings.defaults().withCatchUp(false),
            "replica-a",
            new FakeCleanup(),
            new ConcurrentLinkedQueue<>());
    before.start();
    List<String> stored =
        queryStrings(pool, "SELECT start_time::text FROM retention_qrtz_triggers");
    before.shutdown(Duration.ofSeconds(5));
    execute(pool, "DROP TABLE IF EXISTS " + QuartzTables.HISTORY_TABLE);

    assertThat(QuartzTables.migrate(pool)).isEqualTo(1);
    QuartzCleanupScheduler after =
        replica(
            ScheduleSettings.defaults().withCatchUp(false),
            "replica-a",
            new FakeCleanup(),
            new ConcurrentLinkedQueue<>());
    after.start();

    assertThat(queryStrings(pool, "SELECT start_time::text FROM retention_qrtz_triggers"))
        .isEqualTo(stored);
    assertThat(QuartzTables.migrate(pool)).isZero();
  }

  private QuartzCleanupScheduler replica(
      ScheduleSettings settings, String id, FakeCleanup cleanup, Queue<Execution> executions)
      throws SchedulerException {
    QuartzCleanupScheduler replica =
        QuartzCleanupScheduler.builder(settings.withClustered(true, id))
            .cleanup(cleanup)
            .health(cleanup)
            .requests(cleanup.requests())
            .dataSource(pool(database))
            .build();
    replicas.add(replica);
    replica.quartz().getListenerManager().addJobListener(new Recorder(id, executions));
    return replica;
  }

  private static void awaitDistinctTicks(Queue<Execution> executions, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(count + 15);
    while (executions.stream().map(Execution::tick).distinct().count() < count) {
      assertThat(System.nanoTime()).as("%d ticks in time", count).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static void awaitExecutions(Queue<Execution> executions, int count)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (executions.size() < count) {
      assertThat(System.nanoTime()).as("%d executions in time", count).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** The query's rows once it has none, or its rows at the deadline. */
  private static List<String> awaitNoRows(HikariDataSource pool, String sql) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    List<String> rows = queryStrings(pool, sql);
    while (!rows.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      rows = queryStrings(pool, sql);
    }
    return rows;
  }

  private static Execution last(Queue<Execution> executions) {
    return executions.stream().max(java.util.Comparator.comparing(Execution::tick)).orElseThrow();
  }

  private HikariDataSource freshDatabaseWithQuartzTables() throws Exception {
    database = createDatabase();
    HikariDataSource pool = pool(database);
    runMigration(pool);
    return pool;
  }

  private static String createDatabase() throws SQLException {
    String name = "cluster_" + DATABASES.incrementAndGet();
    try (Connection admin = postgres.getPostgresDatabase().getConnection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return name;
  }

  private HikariDataSource pool(String name) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgres.getJdbcUrl("postgres", name));
    config.setMaximumPoolSize(4);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  private static void runMigration(HikariDataSource pool) throws Exception {
    String sql;
    try (InputStream in =
        Objects.requireNonNull(
            ClusteredSchedulerTest.class.getClassLoader().getResourceAsStream(DDL), DDL)) {
      sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void execute(HikariDataSource pool, String sql) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> queryStrings(HikariDataSource pool, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }

  /** Records each execution a replica's Quartz completed. */
  private static final class Recorder implements JobListener {
    private final String replica;
    private final Queue<Execution> executions;

    Recorder(String replica, Queue<Execution> executions) {
      this.replica = replica;
      this.executions = executions;
    }

    @Override
    public String getName() {
      return "recorder-" + replica;
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext context) {}

    @Override
    public void jobExecutionVetoed(JobExecutionContext context) {}

    @Override
    public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
      executions.add(
          new Execution(
              replica,
              Optional.ofNullable(context.getMergedJobDataMap().getString(CleanupJob.TICK))
                  .map(Instant::parse)
                  .orElse(context.getScheduledFireTime().toInstant()),
              context.getMergedJobDataMap().getString(CleanupJob.TRIGGER),
              context.getResult() != null));
    }
  }
}
