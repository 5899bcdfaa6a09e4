package ai.mai.retention.app;

import static org.assertj.core.api.Assertions.assertThat;

import ai.mai.retention.adapter.postgres.PostgresRetention;
import ai.mai.retention.adapter.postgres.PostgresSettings;
import ai.mai.retention.app.cli.ShutdownSignal;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.LoggerFactory;

/** The end-to-end checks of the SQLite CLI tests, against a real PostgreSQL server. */
class PostgresCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DAY = 86_400L;

  @TempDir Path directory;

  private String database;
  private long cutoff;

  @BeforeEach
  void legacyDatabase() {
    database = PostgresTestDatabases.legacy();
    cutoff = Instant.now().getEpochSecond() - 90 * DAY;
  }

  private void insert(String id, String org, long processedAt, double cost, long tokens) {
    PostgresTestDatabases.insert(database, id, org, processedAt, cost, tokens);
  }

  private Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("RETENTION_DB_URL", PostgresServer.jdbcUrl(database));
    environment.put("RETENTION_DB_USER", PostgresServer.USER);
    environment.put("RETENTION_DB_PASSWORD", PostgresServer.PASSWORD);
    return environment;
  }

  private AppRun app(String... args) {
    return AppRun.of(environment(), args);
  }

  private List<String> ids() {
    return PostgresServer.strings(database, "SELECT id FROM processed_generations ORDER BY id");
  }

  private long audit(String where) {
    return PostgresServer.queryForLong(
        database, "SELECT count(*) FROM processed_generation_cleanup_log WHERE " + where);
  }

  /** Scheduled runs journaled so far; 0 while the daemons have not migrated the journal yet. */
  private long scheduledRunsSoFar() {
    try {
      return audit("trigger = 'scheduled'");
    } catch (RuntimeException notMigratedYet) {
      return 0;
    }
  }

  @Test
  void migrateAdoptsTheLegacyPostgresAuditTableAndIsIdempotent() {
    AppRun first = app("migrate");
    AppRun second = app("migrate");

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).contains("no migration applied");
    assertThat(
            PostgresServer.strings(
                database,
                "SELECT id || '|' || cleanup_date || '|' || records_deleted || '|' || success"
                    + " FROM processed_generation_cleanup_log"))
        .containsExactly("1|2025-07-25|8|true");
    assertThat(PostgresServer.queryForString(database, "SELECT name FROM host_users"))
        .isEqualTo("host data");
  }

  @Test
  void dryRunCleanupHistoryAndHealthWorkEndToEnd() throws Exception {
    List<String> before = ids();
    AppRun unhealthy = app("health");
    AppRun preview = app("cleanup", "--dry-run", "--json");

    assertThat(unhealthy.exitCode()).as(unhealthy.toString()).isEqualTo(1);
    assertThat(preview.exitCode()).as(preview.toString()).isZero();
    assertThat(JSON.readTree(preview.out()).get("records_deleted").asLong()).isEqualTo(3);
    assertThat(ids()).isEqualTo(before);
    assertThat(audit("true")).isEqualTo(1);

    AppRun run = app("cleanup", "--json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    JsonNode report = JSON.readTree(run.out());
    assertThat(report.get("records_before").asLong()).isEqualTo(6);
    assertThat(report.get("records_deleted").asLong()).isEqualTo(3);
    assertThat(report.get("records_remaining").asLong()).isEqualTo(3);
    assertThat(report.get("old_tokens_removed").asLong()).isEqualTo(350);
    assertThat(report.get("old_cost_removed").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.300123"));
    assertThat(report.at("/organization_breakdown/org-a/records").asLong()).isEqualTo(2);
    assertThat(report.at("/organization_breakdown/org-b/cost").decimalValue())
        .isEqualByComparingTo(new BigDecimal("0.000123"));
    assertThat(report.get("cutoff_date").asText())
        .isEqualTo(LocalDate.ofInstant(Instant.ofEpochSecond(cutoff), ZoneOffset.UTC).toString());
    assertThat(ids()).containsExactly("a-edge-new", "b-new", "c-new");
    // The operators' health queries, in their PostgreSQL form.
    assertThat(audit("cleanup_date >= current_date - 7 AND success")).isEqualTo(1);
    assertThat(audit("cleanup_date >= current_date - 7 AND NOT success")).isZero();
    assertThat(
            PostgresServer.queryForString(
                database,
                "SELECT cleanup_date::text FROM processed_generation_cleanup_log ORDER BY id DESC LIMIT 1"))
        .isEqualTo(LocalDate.now(ZoneOffset.UTC).toString());

    AppRun second = app("cleanup", "--json");
    AppRun history = app("history", "--json");
    AppRun healthy = app("health");

    assertThat(JSON.readTree(second.out()).get("records_deleted").asLong()).isZero();
    assertThat(audit("true")).isEqualTo(3);
    JsonNode runs = JSON.readTree(history.out());
    assertThat(runs).hasSize(3);
    assertThat(runs.get(2).get("records_deleted").asLong()).isEqualTo(8);
    assertThat(healthy.exitCode()).as(healthy.toString()).isZero();
  }

  @Test
  void aSecondCleanupWhileOneHoldsTheAdvisoryLockExitsThree() {
    assertThat(app("migrate").exitCode()).isZero();
    var otherProcess =
        PostgresRetention.create(
            PostgresServer.server().getDatabase("postgres", database), PostgresSettings.defaults());
    try (var held = otherProcess.lock().tryAcquire("other").orElseThrow()) {
      AppRun run = app("cleanup");
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(3);
    }
    assertThat(ids()).hasSize(6);
  }

  @Test
  void aBatchBehindAnotherSessionsRowLockGivesUpAfterTheLockWaitAndIsJournaled() throws Exception {
    assertThat(app("migrate").exitCode()).isZero();
    PGSimpleDataSource host = new PGSimpleDataSource();
    host.setURL(PostgresServer.jdbcUrl(database));
    host.setUser(PostgresServer.USER);
    host.setPassword(PostgresServer.PASSWORD);
    AppRun blocked;
    long started = System.nanoTime();
    try (java.sql.Connection idleInTransaction = host.getConnection()) {
      idleInTransaction.setAutoCommit(false);
      try (java.sql.Statement statement = idleInTransaction.createStatement()) {
        statement.execute("SELECT id FROM processed_generations WHERE id = 'a-old' FOR UPDATE");
      }
      blocked = app("cleanup", "--lock-wait", "300ms");
      idleInTransaction.rollback();
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(1);
    assertThat(blocked.out() + blocked.err()).contains("lock_timeout");
    assertThat(seconds).as("gave up instead of waiting for the holder").isLessThan(20);
    assertThat(ids()).hasSize(6);
    assertThat(audit("NOT success AND error_message LIKE '%lock_timeout%'")).isEqualTo(1);
    AppRun after = app("cleanup");
    assertThat(after.exitCode()).as(after.toString()).isZero();
    assertThat(ids()).containsExactly("a-edge-new", "b-new", "c-new");
  }

  @Test
  void twoClientsInTwoSchemasOfOneDatabaseHaveTheirOwnLockAndJournal() {
    long old = cutoff - 5 * DAY;
    long fresh = Instant.now().getEpochSecond() - DAY;
    for (String schema : List.of("client_a", "client_b")) {
      PostgresServer.execute(
          database,
          "SET ROLE " + PostgresServer.USER,
          "CREATE SCHEMA " + schema,
          "CREATE TABLE "
              + schema
              + ".processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
              + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
              + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)",
          "INSERT INTO "
              + schema
              + ".processed_generations VALUES ('old', 'org-x', '2025-01-01', "
              + old
              + ", 0.5, 5), ('new', 'org-x', '2026-01-01', "
              + fresh
              + ", 0.5, 5)");
    }
    Map<String, String> clientA = environment();
    clientA.put("RETENTION_DB_URL", PostgresServer.jdbcUrl(database) + "?currentSchema=client_a");
    Map<String, String> clientB = environment();
    clientB.put("RETENTION_DB_URL", PostgresServer.jdbcUrl(database) + "?currentSchema=client_b");
    assertThat(AppRun.of(clientA, "migrate").exitCode()).isZero();
    PGSimpleDataSource clientAsOtherProcess = new PGSimpleDataSource();
    clientAsOtherProcess.setURL(clientA.get("RETENTION_DB_URL"));
    clientAsOtherProcess.setUser(PostgresServer.USER);
    clientAsOtherProcess.setPassword(PostgresServer.PASSWORD);
    var otherProcess = PostgresRetention.create(clientAsOtherProcess, PostgresSettings.defaults());

    try (var held = otherProcess.lock().tryAcquire("client-a-elsewhere").orElseThrow()) {
      AppRun blocked = AppRun.of(clientA, "cleanup");
      AppRun other = AppRun.of(clientB, "cleanup", "--json");
      assertThat(blocked.exitCode()).as(blocked.toString()).isEqualTo(3);
      assertThat(other.exitCode()).as(other.toString()).isZero();
    }
    AppRun later = AppRun.of(clientA, "cleanup", "--json");

    assertThat(later.exitCode()).as(later.toString()).isZero();
    for (String schema : List.of("client_a", "client_b")) {
      assertThat(
              PostgresServer.strings(
                  database, "SELECT id FROM " + schema + ".processed_generations ORDER BY id"))
          .as(schema)
          .containsExactly("new");
      assertThat(
              PostgresServer.queryForLong(
                  database,
                  "SELECT count(*) FROM "
                      + schema
                      + ".processed_generation_cleanup_log WHERE success AND records_deleted = 1"))
          .as(schema + "'s own journal")
          .isEqualTo(1);
    }
    assertThat(ids()).as("the public schema's table is another client's").hasSize(6);
    assertThat(audit("true")).as("only the legacy row in public").isEqualTo(1);
  }

  @Test
  void twoClusteredDaemonsRunEachTickOnce() throws Exception {
    // Both replicas run in this JVM; each firing logs the tick it serves. The journal's created_at
    // has whole seconds only, and a late tick can finish in the same second as the next one, so
    // ticks are compared as Quartz scheduled them.
    ch.qos.logback.classic.Logger firings =
        (ch.qos.logback.classic.Logger)
            LoggerFactory.getLogger("ai.mai.retention.scheduler.quartz.ScheduledCleanup");
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    firings.addAppender(logged);
    List<CompletableFuture<AppRun>> daemons = new ArrayList<>();
    List<ShutdownSignal> signals = new ArrayList<>();
    for (String id : List.of("replica-a", "replica-b")) {
      ShutdownSignal signal = new ShutdownSignal();
      signals.add(signal);
      daemons.add(
          CompletableFuture.supplyAsync(
              () ->
                  AppRun.of(
                      environment(),
                      signal,
                      "run",
                      "--clustered",
                      "--instance-id",
                      id,
                      "--cron",
                      "*/1 * * * * ?",
                      "--http-port",
                      "0")));
    }
    try {
      // Until eight scheduled runs are journaled (about 10 s when the machine is idle), not a fixed
      // time: start-up of two replicas on a loaded machine can take most of a fixed wait.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (scheduledRunsSoFar() < 8 && System.nanoTime() < deadline) {
        assertThat(daemons).as("a replica ended early").noneMatch(CompletableFuture::isDone);
        Thread.sleep(200);
      }
      signals.forEach(ShutdownSignal::raise);
      for (CompletableFuture<AppRun> daemon : daemons) {
        AppRun run = daemon.get(40, TimeUnit.SECONDS);
        assertThat(run.exitCode()).as(run.toString()).isZero();
      }
    } finally {
      firings.detachAppender(logged);
    }

    List<Object> scheduledTicks =
        logged.list.stream()
            .filter(event -> event.getMessage().startsWith("Cleanup starting"))
            .map(ILoggingEvent::getArgumentArray)
            .filter(arguments -> arguments[0].equals("scheduled"))
            .map(arguments -> arguments[1])
            .toList();
    // Every status counts: a tick that fires as the signal is raised ends as interrupted.
    long runs = audit("trigger = 'scheduled'");
    assertThat(runs).as("about one run per second over ~10 s").isGreaterThanOrEqualTo(8);
    assertThat(scheduledTicks).as("no tick ran twice").doesNotHaveDuplicates();
    assertThat(scheduledTicks)
        .as("every scheduled run that started was journaled")
        .hasSize((int) runs);
    assertThat(audit("NOT success AND run_id IS NOT NULL AND status <> 'interrupted'")).isZero();
    assertThat(ids()).containsExactly("a-edge-new", "b-new", "c-new");
  }

  @Test
  void theDatabaseUrlOfOpenWebUiWorksAndItsPasswordIsNeverPrinted() throws Exception {
    String url =
        "postgresql://"
            + PostgresServer.USER
            + ":"
            + PostgresServer.PASSWORD
            + "@localhost:"
            + PostgresServer.port()
            + "/"
            + database;

    AppRun run = AppRun.of(Map.of("DATABASE_URL", url), "cleanup", "--json");
    AppRun config = AppRun.of(Map.of("DATABASE_URL", url), "config");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(ids()).hasSize(3);
    assertThat(config.out()).contains("jdbc:postgresql://localhost:").contains("****");
    for (AppRun any : List.of(run, config)) {
      assertThat(any.out() + any.err()).doesNotContain(PostgresServer.PASSWORD);
    }
  }

  @Test
  void wrongPasswordUnknownHostOrMissingTableExitTwoWithoutLeakingThePassword() throws Exception {
    String wrong = "not-the-pw-" + System.nanoTime();
    Path passwordFile = directory.resolve("password");
    Files.writeString(passwordFile, wrong + "\n");
    Map<String, String> viaFile = environment();
    viaFile.remove("RETENTION_DB_PASSWORD");
    viaFile.put("RETENTION_DB_PASSWORD_FILE", passwordFile.toString());
    Map<String, String> viaEnv = environment();
    viaEnv.put("RETENTION_DB_PASSWORD", wrong);
    String badUrl =
        "postgresql://"
            + PostgresServer.USER
            + ":"
            + wrong
            + "@localhost:"
            + PostgresServer.port()
            + "/"
            + database;
    String otherDatabase = PostgresServer.createDatabase();
    Map<String, String> noTable = environment();
    noTable.put("RETENTION_DB_URL", PostgresServer.jdbcUrl(otherDatabase));
    Map<String, String> unknownHost = environment();
    unknownHost.put("RETENTION_DB_URL", "jdbc:postgresql://no-such-host.invalid:5432/mai");

    List<AppRun> runs =
        List.of(
            AppRun.of(viaFile, "cleanup"),
            AppRun.of(viaEnv, "cleanup", "--dry-run"),
            AppRun.of(Map.of("DATABASE_URL", badUrl), "cleanup"),
            AppRun.of(viaEnv, "config", "--json"));

    for (int i = 0; i < 3; i++) {
      AppRun run = runs.get(i);
      assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
      assertThat(run.err()).as(run.toString()).contains("password authentication failed");
    }
    assertThat(runs.get(3).out()).contains("****");
    // The password file's path is no secret; the password's row says where the password came from.
    AppRun fileConfig = AppRun.of(viaFile, "config");
    assertThat(fileConfig.out())
        .containsPattern("RETENTION_DB_PASSWORD\\s+\\*\\*\\*\\*\\s+password file")
        .containsPattern(
            "RETENTION_DB_PASSWORD_FILE\\s+"
                + java.util.regex.Pattern.quote(passwordFile.toString())
                + "\\s+environment");
    AppRun envConfig = AppRun.of(viaEnv, "config");
    assertThat(envConfig.out())
        .containsPattern("RETENTION_DB_PASSWORD\\s+\\*\\*\\*\\*\\s+environment")
        .containsPattern("RETENTION_DB_PASSWORD_FILE\\s+\\(none\\)\\s+default");
    for (AppRun run :
        List.of(runs.get(0), runs.get(1), runs.get(2), runs.get(3), fileConfig, envConfig)) {
      assertThat(run.out() + run.err())
          .as(run.toString())
          .doesNotContain(wrong)
          .doesNotContain("\tat ");
    }
    AppRun missingTable = AppRun.of(noTable, "cleanup");
    assertThat(missingTable.exitCode()).as(missingTable.toString()).isEqualTo(2);
    assertThat(missingTable.err()).contains("processed_generations");
    assertThat(
            PostgresServer.strings(
                otherDatabase, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        .as("nothing created")
        .isEmpty();
    AppRun host = AppRun.of(unknownHost, "cleanup");
    assertThat(host.exitCode()).as(host.toString()).isEqualTo(2);
    assertThat(host.err()).contains("no-such-host.invalid");
    assertThat(ids()).hasSize(6);
  }
}
