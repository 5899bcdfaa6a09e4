package ai.mai.retention.embedded;

import static ai.mai.retention.embedded.HostDatabase.CLOCK;
import static ai.mai.retention.embedded.HostDatabase.EXPIRED;
import static ai.mai.retention.embedded.HostDatabase.SEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.core.domain.CleanupReport;
import ai.mai.retention.core.domain.CleanupTrigger;
import ai.mai.retention.core.domain.HealthReport;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.domain.RunStatus;
import ai.mai.retention.core.domain.StorageReport;
import ai.mai.retention.core.domain.VacuumMode;
import ai.mai.retention.core.domain.VacuumOutcome;
import ai.mai.retention.core.port.out.CleanupListener;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The front door on a real database, as a host uses it: the issue's code, and each promise to the
 * host. Written once; {@link SqliteRetentionTest} and {@link PostgresRetentionTest} run it.
 */
abstract class RetentionContract {

  HostDatabase host;
  private ListAppender<ILoggingEvent> log;

  abstract HostDatabase newHost();

  @BeforeEach
  void openHost() {
    host = newHost();
    host.seed();
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(Retention.class)).addAppender(log);
  }

  @AfterEach
  void closeHost() {
    ((Logger) LoggerFactory.getLogger(Retention.class)).detachAppender(log);
    host.close();
  }

  /** The issue's builder calls, with the test's clock. */
  Retention.Builder theIssuesBuilder(DataSource dataSource) {
    return Retention.builder(dataSource)
        .retentionDays(90)
        .tenantRetention(Map.of("org-a", 180))
        .legalHolds(Set.of("org-c"))
        .clock(CLOCK);
  }

  @Test
  void theIssuesCodeDetectsTheDatabaseAndDeletesExactlyWhatThePolicySays() {
    HikariDataSource pool = host.pool(5);
    Retention retention = theIssuesBuilder(pool).build();

    assertThat(retention.database()).isEqualTo(host.database());
    assertThat(retention.migrate()).isPositive();
    assertThat(retention.migrate()).isZero();
    CleanupReport preview = retention.preview();
    assertThat(preview.status()).isEqualTo(RunStatus.DRY_RUN);
    assertThat(preview.recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(host.auditRows()).isZero();

    CleanupReport report = retention.runNow();

    assertThat(report.success()).as(String.valueOf(report.error())).isTrue();
    assertThat(report.recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(report.deleted().byOrganization()).containsOnlyKeys("org-a", "org-b");
    assertThat(host.rows()).isEqualTo(SEEDED - EXPIRED);
    assertThat(
            host.count("SELECT count(*) FROM processed_generations WHERE client_org_id = 'org-c'"))
        .isEqualTo(6);
    List<JournalEntry> runs = retention.history(10);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).runId()).isEqualTo(report.runId());
    assertThat(runs.get(0).recordsDeleted()).isEqualTo(EXPIRED);
    HealthReport health = retention.health(Duration.ofHours(26));
    assertThat(health.healthy()).isTrue();
    assertThat(pool.isClosed()).as("the host's pool stays open").isFalse();
  }

  @Test
  void aSchemaNeverMigratedIsRefusedNamingMigrateBeforeAnythingIsDeleted() {
    Retention retention = theIssuesBuilder(host.pool(5)).build();

    assertThatThrownBy(retention::runNow)
        .isInstanceOf(SchemaNotMigratedException.class)
        .hasMessageContaining("Retention.migrate()")
        .hasMessageNotContaining("-X");
    assertThatThrownBy(() -> retention.history(5))
        .isInstanceOf(SchemaNotMigratedException.class)
        .hasMessageContaining("migrate()");
    assertThatThrownBy(() -> retention.health(Duration.ofHours(26)))
        .isInstanceOf(SchemaNotMigratedException.class)
        .hasMessageContaining("migrate()");
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(host.tableExists("retention_run")).isFalse();
    // A preview needs none of the library's tables.
    assertThat(retention.preview().recordsDeleted()).isEqualTo(EXPIRED);
  }

  @Test
  void tablesDroppedAfterAnEarlierCheckStillComeBackAsTheLibrarysOwnException() {
    Retention retention = theIssuesBuilder(host.pool(5)).build();
    retention.migrate();
    host.execute("DROP TABLE processed_generation_cleanup_log");

    assertThatThrownBy(() -> retention.history(5)).isInstanceOf(SchemaNotMigratedException.class);
  }

  @Test
  void aMissingTargetTableIsASchemaProblemAndNothingIsCreated() {
    Retention retention = theIssuesBuilder(host.pool(5)).table("no_such_table").build();

    assertThatThrownBy(retention::migrate)
        .isInstanceOf(RetentionSchemaException.class)
        .hasMessageContaining("no_such_table")
        .hasMessageContaining("never created");
    assertThatThrownBy(retention::runNow).isInstanceOf(RetentionSchemaException.class);
    assertThat(host.tableExists("no_such_table")).isFalse();
    assertThat(host.tableExists("retention_run")).isFalse();
  }

  @Test
  void insideASpringTransactionEveryCallIsRefusedAndTheHostsRollbackStillWorks() {
    host.createHostTable();
    HikariDataSource pool = host.pool(5);
    // The issue's case: the host's DataSource is transaction-aware, so inside the template the
    // library would be handed the host's own connection.
    DataSource transactionAware = new TransactionAwareDataSourceProxy(pool);
    Retention retention = theIssuesBuilder(transactionAware).build();
    retention.migrate();
    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(transactionAware));
    JdbcTemplate jdbc = new JdbcTemplate(transactionAware);
    List<Throwable> refusals = new ArrayList<>();

    transactions.executeWithoutResult(
        status -> {
          jdbc.update("INSERT INTO host_orders (id, note) VALUES (1, 'uncommitted')");
          for (Runnable call :
              List.<Runnable>of(
                  retention::runNow,
                  retention::preview,
                  () -> retention.history(5),
                  () -> retention.health(Duration.ofHours(1)),
                  retention::migrate)) {
            try {
              call.run();
            } catch (RuntimeException refused) {
              refusals.add(refused);
            }
          }
          status.setRollbackOnly();
        });

    assertThat(refusals)
        .hasSize(5)
        .allSatisfy(
            refused ->
                assertThat(refused)
                    .isInstanceOf(RetentionConfigurationException.class)
                    .hasMessageContaining("transaction the host began")
                    .hasMessageContaining("autocommit"));
    // The host's rollback worked: its row is gone, and the library changed nothing either.
    assertThat(host.count("SELECT count(*) FROM host_orders")).isZero();
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(host.auditRows()).isZero();

    // Outside a transaction the same data source is fine.
    assertThat(retention.runNow().recordsDeleted()).isEqualTo(EXPIRED);
  }

  @Test
  void aConnectionWithAutocommitOffAndAnOpenTransactionIsHandedBackUntouched() throws Exception {
    host.createHostTable();
    HikariDataSource pool = host.pool(5);
    Retention ready = theIssuesBuilder(pool).build();
    ready.migrate();
    try (Connection hosts = pool.getConnection()) {
      hosts.setAutoCommit(false);
      hosts
          .createStatement()
          .executeUpdate("INSERT INTO host_orders (id, note) VALUES (7, 'host work')");
      Retention retention = theIssuesBuilder(new OneConnection(hosts)).build();

      assertThatThrownBy(retention::runNow)
          .isInstanceOf(RetentionConfigurationException.class)
          .hasMessageContaining("autocommit is off");
      // Still the host's transaction: its work is there, uncommitted, and rolls back.
      assertThat(hosts.getAutoCommit()).isFalse();
      hosts.rollback();
    }
    assertThat(host.count("SELECT count(*) FROM host_orders")).isZero();
    assertThat(host.rows()).isEqualTo(SEEDED);
  }

  @Test
  void aPoolSmallerThanARunNeedsIsRefusedAtBuildNamingTheMinimum() {
    int minimum = host.database().connectionsPerRun();
    HikariDataSource tooSmall = host.pool(minimum - 1);

    assertThatThrownBy(() -> theIssuesBuilder(tooSmall).build())
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("at least " + minimum)
        .hasMessageContaining("maximumPoolSize");
  }

  @Test
  void aPoolThatDoesNotSayItsSizeIsCheckedBeforeTheFirstDelete() {
    int minimum = host.database().connectionsPerRun();
    theIssuesBuilder(host.pool(5)).build().migrate();
    // The pool hides behind a plain wrapper, so build() cannot read its size.
    DataSource hidden = new OneOfMany(host.pool(minimum - 1));
    Retention retention = theIssuesBuilder(hidden).build();

    assertThatThrownBy(retention::runNow)
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("at least " + minimum)
        .hasMessageContaining("Nothing was deleted");
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(host.auditRows()).isZero();
  }

  @Test
  void aPoolOfExactlyTheMinimumIsEnoughAndARunBorrowsNothingBeyondWhatItReserved() {
    int minimum = host.database().connectionsPerRun();
    theIssuesBuilder(host.pool(5)).build().migrate();
    Retention retention = theIssuesBuilder(host.pool(minimum)).batchSize(3).build();

    CleanupReport report = retention.runNow();

    assertThat(report.success()).as(String.valueOf(report.error())).isTrue();
    assertThat(report.batches()).isGreaterThan(3);
    assertThat(report.recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(retention.overflowBorrows()).isZero();
  }

  @Test
  void anUnreachableDatabaseIsTheLibrarysOwnExceptionAtBuildAndAtRun() {
    DataSource down = new OneOfMany(host.pool(5));
    ((OneOfMany) down).down = true;

    assertThatThrownBy(() -> theIssuesBuilder(down).build())
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("Retention.Builder.database");
    Retention named = theIssuesBuilder(down).database(host.database()).build();
    assertThatThrownBy(named::runNow)
        .isInstanceOf(DatabaseUnavailableException.class)
        .hasMessageContaining("connection refused by the test");
    assertThatThrownBy(() -> named.history(1)).isInstanceOf(DatabaseUnavailableException.class);
  }

  @Test
  void aScheduledRunThatCannotBeginIsAFailedReportTheListenersHear() {
    OneOfMany down = new OneOfMany(host.pool(5));
    List<CleanupReport> heard = new ArrayList<>();
    Retention retention =
        theIssuesBuilder(down)
            .database(host.database())
            .listener(
                new CleanupListener() {
                  @Override
                  public void runFinished(CleanupReport report) {
                    heard.add(report);
                  }
                })
            .build();
    retention.migrate();
    down.down = true;

    CleanupReport report = retention.runScheduled(retention.request(CleanupTrigger.SCHEDULED));

    assertThat(report.status()).isEqualTo(RunStatus.FAILED);
    assertThat(report.trigger()).isEqualTo(CleanupTrigger.SCHEDULED);
    assertThat(report.error()).contains("connection refused by the test");
    assertThat(heard).containsExactly(report);
    assertThatThrownBy(retention::runNow).isInstanceOf(DatabaseUnavailableException.class);
    down.down = false;
    assertThat(retention.runScheduled(retention.request(CleanupTrigger.SCHEDULED)).success())
        .isTrue();
    assertThat(host.rows()).isEqualTo(SEEDED - EXPIRED);
  }

  @Test
  void everySettingIsCheckedAtBuildNamingIt() {
    DataSource pool = host.pool(5);
    assertThatThrownBy(() -> Retention.builder(null))
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining("dataSource");
    assertSetting(() -> theIssuesBuilder(pool).retentionDays(0).build(), "retentionDays");
    assertSetting(
        () -> theIssuesBuilder(pool).tenantRetention(Map.of("org-x", 0)).build(),
        "tenantRetention");
    assertSetting(
        () -> theIssuesBuilder(pool).tenantRetention(Map.of("org x", 10)).build(),
        "tenantRetention");
    assertSetting(() -> theIssuesBuilder(pool).legalHolds(Set.of("org-a")).build(), "legal hold");
    assertSetting(() -> theIssuesBuilder(pool).legalHolds(Set.of("")).build(), "legalHolds");
    assertSetting(() -> theIssuesBuilder(pool).table("x; DROP TABLE y").build(), "table");
    assertSetting(() -> theIssuesBuilder(pool).batchSize(0).build(), "batchSize");
    assertSetting(() -> theIssuesBuilder(pool).maxDeleteFraction(1.5).build(), "maxDeleteFraction");
    assertSetting(() -> theIssuesBuilder(pool).lockWait(Duration.ZERO).build(), "lockWait");
    assertSetting(() -> theIssuesBuilder(pool).lockWait(Duration.ofHours(2)).build(), "lockWait");
    assertSetting(
        () -> theIssuesBuilder(pool).statementTimeout(Duration.ofDays(2)).build(),
        "statementTimeout");
    assertSetting(() -> theIssuesBuilder(pool).statementTimeout(null).build(), "statementTimeout");
    assertSetting(() -> theIssuesBuilder(pool).clock(null).build(), "clock");
    assertSetting(
        () ->
            Retention.builder(pool)
                .policy(ai.mai.retention.core.domain.RetentionPolicy.ofDays(30))
                .retentionDays(10)
                .build(),
        "policy");
    Retention retention = theIssuesBuilder(pool).build();
    assertSetting(() -> retention.history(0), "limit");
    assertSetting(() -> retention.health(Duration.ZERO), "maxAge");
    assertThat(host.tableExists("retention_run")).isFalse();
  }

  @Test
  void aBadSettingIsNamedApartFromItsProblemSoThatAHostCanNameItsOwnSource() {
    DataSource pool = host.pool(5);

    RetentionConfigurationException days =
        catchConfiguration(() -> theIssuesBuilder(pool).retentionDays(0).build());
    RetentionConfigurationException held =
        catchConfiguration(() -> theIssuesBuilder(pool).legalHolds(Set.of("org-a")).build());
    RetentionConfigurationException wait =
        catchConfiguration(() -> theIssuesBuilder(pool).lockWait(Duration.ofHours(2)).build());
    RetentionConfigurationException smallPool =
        catchConfiguration(() -> theIssuesBuilder(host.pool(1)).build());

    assertThat(days.setting()).hasValue("retentionDays");
    assertThat(days.problem()).isEqualTo("retention days must be between 1 and 36500, got 0");
    assertThat(days.getMessage()).isEqualTo("retentionDays: " + days.problem());
    assertThat(held.setting()).hasValue("tenantRetention/legalHolds");
    assertThat(held.problem()).contains("org-a").contains("both on legal hold");
    assertThat(wait.setting()).hasValue("lockWait");
    assertThat(wait.problem()).isEqualTo("lock wait must be between 1ms and 1h, got 2h");
    assertThat(smallPool.setting()).isEmpty();
    assertThat(smallPool.problem()).isEqualTo(smallPool.getMessage());
  }

  private static RetentionConfigurationException catchConfiguration(Runnable build) {
    try {
      build.run();
    } catch (RetentionConfigurationException expected) {
      return expected;
    }
    throw new AssertionError("no RetentionConfigurationException");
  }

  @Test
  void aReadOnlyRetentionReadsADatabaseNeverMigratedAndRefusesToWrite() {
    Retention reader = theIssuesBuilder(host.pool(5)).readOnly(true).build();

    assertThat(reader.isReadOnly()).isTrue();
    assertThat(reader.preview().recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(reader.history(5)).as("no audit table: no runs").isEmpty();
    HealthReport health = reader.health(Duration.ofHours(26));
    assertThat(health.healthy()).isFalse();
    assertThat(health.reason()).contains("no successful cleanup");
    assertThat(catchConfiguration(reader::migrate).setting()).hasValue("readOnly");
    assertThat(catchConfiguration(reader::runNow).problem()).contains("read-only");
    assertThat(host.rows()).isEqualTo(SEEDED);
    assertThat(host.tableExists("retention_run")).isFalse();
    assertThat(host.tableExists("processed_generation_cleanup_log")).isFalse();

    theIssuesBuilder(host.pool(5)).build().migrate();
    theIssuesBuilder(host.pool(5)).build().runNow();
    assertThat(reader.history(5)).hasSize(1);
    assertThat(reader.health(Duration.ofHours(26)).healthy()).isTrue();
  }

  @Test
  void theEffectiveSettingsAreThereToRead() {
    Retention defaults = Retention.builder(host.pool(5)).build();
    Retention chosen =
        theIssuesBuilder(host.pool(5))
            .table("processed_generations")
            .batchSize(500)
            .lockWait(Duration.ofSeconds(3))
            .statementTimeout(Duration.ofMinutes(1))
            .vacuumAfterRun(VacuumMode.ONLINE)
            .maxDeleteFraction(0.5)
            .build();

    assertThat(defaults.table()).isEqualTo(Retention.DEFAULT_TABLE);
    assertThat(defaults.policy().defaultDays()).isEqualTo(Retention.DEFAULT_RETENTION_DAYS);
    assertThat(defaults.batchSize()).isEmpty();
    assertThat(defaults.lockWait()).isEqualTo(Retention.DEFAULT_LOCK_WAIT);
    assertThat(defaults.statementTimeout()).isEqualTo(Retention.DEFAULT_STATEMENT_TIMEOUT);
    assertThat(defaults.vacuumAfterRun()).isEqualTo(VacuumMode.OFF);
    assertThat(defaults.isReadOnly()).isFalse();
    assertThat(chosen.batchSize()).hasValue(500);
    assertThat(chosen.lockWait()).isEqualTo(Duration.ofSeconds(3));
    assertThat(chosen.statementTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(chosen.vacuumAfterRun()).isEqualTo(VacuumMode.ONLINE);
    assertThat(chosen.guards().maxDeleteFraction()).hasValue(0.5);
    assertThat(chosen.clock()).isEqualTo(CLOCK);
  }

  private static void assertSetting(Runnable build, String setting) {
    assertThatThrownBy(build::run)
        .isInstanceOf(RetentionConfigurationException.class)
        .hasMessageContaining(setting);
  }

  @Test
  void aRunLogsOneSummaryLineAndTheHostsListenerStillHearsIt() {
    List<CleanupReport> heard = new ArrayList<>();
    Retention retention =
        theIssuesBuilder(host.pool(5))
            .listener(
                new CleanupListener() {
                  @Override
                  public void runFinished(CleanupReport report) {
                    heard.add(report);
                  }
                })
            .build();
    retention.migrate();
    log.list.clear();

    CleanupReport report = retention.runNow();

    List<ILoggingEvent> summaries =
        log.list.stream().filter(event -> event.getMessage().contains(report.runId())).toList();
    assertThat(summaries).hasSize(1);
    assertThat(summaries.get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(summaries.get(0).getFormattedMessage())
        .contains("Retention cleanup succeeded")
        .contains("deleted " + EXPIRED + " of " + SEEDED + " rows");
    assertThat(heard).containsExactly(report);

    Retention quiet = theIssuesBuilder(host.pool(5)).logSummary(false).build();
    log.list.clear();
    quiet.runNow();
    assertThat(log.list).noneMatch(event -> event.getMessage().contains("Retention cleanup"));
  }

  /** {@code count} more org-b rows 100 days old (expired), in one statement. */
  private void insertExpiredRows(int count) {
    String date =
        host.database() == Database.SQLITE
            ? "'2026-01-01'" // SQLite keeps 'YYYY-MM-DD' text
            : "DATE '2026-01-01'";
    host.execute(
        "INSERT INTO processed_generations WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
            + " FROM n WHERE i < "
            + count
            + ") SELECT 'bulk-' || i, 'org-b', "
            + date
            + ", "
            + HostDatabase.NOW.minus(Duration.ofDays(100)).getEpochSecond()
            + ", 0.25, 1000 FROM n");
  }

  @Test
  void aRunMeasuresItsStorageAndAFullVacuumGivesTheSpaceBackWithinItsConnections() {
    insertExpiredRows(20_000);
    theIssuesBuilder(host.pool(5)).build().migrate();
    Retention retention =
        theIssuesBuilder(host.pool(host.database().connectionsPerRun()))
            .vacuumAfterRun(VacuumMode.FULL)
            .build();
    log.list.clear();

    CleanupReport report = retention.runNow();

    assertThat(report.success()).as(String.valueOf(report.error())).isTrue();
    assertThat(report.recordsDeleted()).isEqualTo(EXPIRED + 20_000);
    StorageReport storage = report.storage().orElseThrow();
    VacuumOutcome vacuum = storage.vacuum().orElseThrow();
    assertThat(vacuum.performed()).as(String.valueOf(vacuum.note())).isTrue();
    assertThat(vacuum.bytesReturned()).isPositive();
    long before = storage.before().orElseThrow().bytes();
    assertThat(storage.after().orElseThrow().bytes()).isLessThan(before);
    assertThat(
            host.count(
                "SELECT storage_bytes_before FROM processed_generation_cleanup_log"
                    + " WHERE run_id = '"
                    + report.runId()
                    + "'"))
        .isEqualTo(before);
    assertThat(retention.overflowBorrows())
        .as("measured and vacuumed on its own connections")
        .isZero();
    assertThat(log.list)
        .anySatisfy(
            event ->
                assertThat(event.getFormattedMessage())
                    .contains(report.runId())
                    .contains("vacuum full returned"));
  }

  @Test
  void byDefaultARunIsMeasuredButNothingIsVacuumed() {
    Retention retention = theIssuesBuilder(host.pool(5)).build();
    retention.migrate();

    CleanupReport report = retention.runNow();

    assertThat(report.storage().orElseThrow().before()).isPresent();
    assertThat(report.storage().orElseThrow().after()).isPresent();
    assertThat(report.storage().orElseThrow().vacuum()).isEmpty();
    assertThat(retention.preview().storage()).isEmpty();
    // The front door's history hands the figures back as the run measured them.
    assertThat(retention.history(1).get(0).storage()).isEqualTo(report.storage());
  }

  @Test
  void aMissingVacuumModeIsRefusedAtBuildNamingTheSetting() {
    assertSetting(
        () -> theIssuesBuilder(host.pool(5)).vacuumAfterRun(null).build(), "vacuumAfterRun");
  }

  @Test
  void theMigrationScriptAppliedByHandIsWhatMigrateWouldHaveDone() throws Exception {
    Retention retention = theIssuesBuilder(host.pool(5)).build();
    String script = retention.migrationScript();
    assertThat(host.tableExists("retention_run")).isFalse();
    assertThat(script).contains("CREATE TABLE").contains("retention_run").contains("COMMIT;");

    try (Connection owner = host.admin().getConnection()) {
      owner.createStatement().executeUpdate(script);
    }

    assertThat(retention.runNow().recordsDeleted()).isEqualTo(EXPIRED);
    assertThat(retention.migrate()).isZero();
    assertThat(retention.migrationScript()).doesNotContain("CREATE TABLE");
  }

  /** A data source that hands out one connection the host holds, as a transactional proxy does. */
  static final class OneConnection extends Delegating {
    private final Connection connection;

    OneConnection(Connection connection) {
      super(null);
      this.connection = connection;
    }

    @Override
    public Connection getConnection() {
      // Closing what it hands out must not close the host's connection.
      return (Connection)
          java.lang.reflect.Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) ->
                  method.getName().equals("close") ? null : method.invoke(connection, args));
    }
  }

  /** Hides a pool's type (so its size cannot be read), and can play a database that is down. */
  static final class OneOfMany extends Delegating {
    volatile boolean down;

    OneOfMany(DataSource pool) {
      super(pool);
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down) {
        throw new java.sql.SQLTransientConnectionException("connection refused by the test");
      }
      return target.getConnection();
    }
  }

  abstract static class Delegating implements DataSource {
    final DataSource target;

    Delegating(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLException("not used");
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
