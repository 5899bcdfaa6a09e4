package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.RetentionSchemaContract;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The schema contract on PostgreSQL, and what only PostgreSQL has: the host's own tables and
 * migration history in the same schema, SERIAL ids, typed columns, partitioned and inherited
 * tables.
 */
class PostgresSchemaMigrationTest extends RetentionSchemaContract {

  /** The host application's tables (Open WebUI keeps many more) and its own migration history. */
  private static final String[] HOST_TABLES = {
    "CREATE TABLE chat (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, title TEXT)",
    "INSERT INTO chat VALUES ('c1', 'u1', 'hello'), ('c2', 'u2', 'world')",
    "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version TEXT)",
    "INSERT INTO flyway_schema_history VALUES (1, '1'), (2, '2')",
    "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
    "INSERT INTO alembic_version VALUES ('ca81bd47c050')"
  };

  @Override
  protected JdbcTestDatabase unmigrated(String... ddl) {
    return PostgresTestDatabase.unmigrated(ddl);
  }

  @Override
  protected String[] processedGenerationsDdl() {
    return PostgresTestDatabase.PROCESSED_GENERATIONS_DDL;
  }

  @Override
  protected String[] legacyCleanupLogDdl() {
    return PostgresTestDatabase.LEGACY_CLEANUP_LOG_DDL;
  }

  @Override
  protected String[] timestampTypedProcessedAtDdl() {
    return new String[] {
      "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
          + " processed_at TIMESTAMPTZ NOT NULL, total_cost FLOAT NOT NULL,"
          + " total_tokens INTEGER NOT NULL)"
    };
  }

  /**
   * Every migration file, as on SQLite. The Quartz tables are the scheduler's, created when
   * clustered.
   */
  @Override
  protected int migrationCount() {
    return versionedMigrationsIn("db/retention/postgresql");
  }

  @Override
  protected List<String> libraryTables() {
    return List.of(FlywaySchemaMigrator.HISTORY_TABLE, "retention_run");
  }

  @Test
  void aFreshDatabaseGetsNoQuartzTables() {
    JdbcTestDatabase database = database(HOST_TABLES, processedGenerationsDdl());

    database.schema().migrate();

    assertThat(database.tableNames()).noneMatch(name -> name.startsWith("retention_qrtz_"));
  }

  @Test
  void aDatabaseThatAppliedTheFormerQuartzV4KeepsMigratingAndVerifying() {
    // Up to 0.1 this adapter's V4 created the Quartz tables; that migration now lives in the
    // scheduler, and such a database has a V4 in its history that no file resolves any more.
    JdbcTestDatabase database = database(HOST_TABLES, processedGenerationsDdl());
    database.schema().migrate();
    database.run(
        "INSERT INTO "
            + FlywaySchemaMigrator.HISTORY_TABLE
            + " (installed_rank, version, description, type, script, checksum, installed_by,"
            + " execution_time, success) SELECT max(installed_rank) + 1, '4', 'quartz job store',"
            + " 'SQL', 'V4__quartz_job_store.sql', -1398451711, 'postgres', 42, true FROM "
            + FlywaySchemaMigrator.HISTORY_TABLE);

    assertThat(database.schema().migrate()).isZero();
    database.schema().verify();
  }

  @Test
  void migrationLeavesTheHostsTablesAndMigrationHistoryAlone() {
    JdbcTestDatabase database = legacyDatabase();
    database.run(HOST_TABLES);
    List<Map<String, Object>> hostHistory =
        database.rows("SELECT * FROM flyway_schema_history ORDER BY 1");

    database.schema().migrate();

    assertThat(database.rows("SELECT * FROM flyway_schema_history ORDER BY 1"))
        .isEqualTo(hostHistory);
    assertThat(database.queryForLong("SELECT count(*) FROM chat")).isEqualTo(2);
    assertThat(database.queryForLong("SELECT count(*) FROM alembic_version")).isEqualTo(1);
    assertThat(database.tableNames())
        .contains(FlywaySchemaMigrator.HISTORY_TABLE, "retention_run")
        .doesNotContain("retention_lock");
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM "
                    + FlywaySchemaMigrator.HISTORY_TABLE
                    + " WHERE version IN ('1', '2', '3') AND success"))
        .isEqualTo(3);
  }

  @Test
  void theAuditTableIsCreatedWithTheTypesPostgresGaveTheLegacyOne() {
    JdbcTestDatabase database = database(HOST_TABLES, processedGenerationsDdl());

    database.schema().migrate();

    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'processed_generation_cleanup_log'"
                    + " AND ((column_name = 'success' AND data_type = 'boolean')"
                    + " OR (column_name = 'cleanup_date' AND data_type = 'date')"
                    + " OR (column_name = 'created_at' AND data_type = 'bigint'))"))
        .isEqualTo(3);
  }

  @Test
  void theLegacyIndexesAreReusedNotDuplicated() {
    JdbcTestDatabase database = legacyDatabase();

    database.schema().migrate();

    assertThat(indexesLeadingWith(database, "cleanup_date")).isEqualTo(1);
    assertThat(indexesLeadingWith(database, "success")).isEqualTo(1);
    assertThat(indexesLeadingWith(database, "created_at")).isEqualTo(1);
  }

  @Test
  void theSerialIdKeepsCountingAfterTheLegacyRows() {
    JdbcTestDatabase database = legacyDatabase();
    database.schema().migrate();
    var run =
        PostgresTimeZoneTest.report(
            "run-after-legacy", Instant.parse("2026-06-01T12:00:00Z"), "0.5");

    database.journal().recordStart(run);
    database.journal().recordFinish(run);

    JournalEntry newest = database.journal().recentRuns(1).get(0);
    assertThat(newest.runId()).isEqualTo("run-after-legacy");
    // After the three legacy rows; the start's trial of the audit row (rolled back) used up ids
    // 4 and 5 of the sequence, as any rolled-back insert does.
    assertThat(newest.id()).isEqualTo(6);
    assertThat(database.auditRowCount()).isEqualTo(4);
  }

  @Test
  void aPartitionedTableIsRefusedAsSuchNotAsMissing() {
    JdbcTestDatabase database =
        database(
            new String[] {
              "CREATE TABLE processed_generations (id TEXT, client_org_id TEXT NOT NULL,"
                  + " generation_date DATE NOT NULL, processed_at BIGINT NOT NULL,"
                  + " total_cost FLOAT NOT NULL, total_tokens INTEGER NOT NULL)"
                  + " PARTITION BY RANGE (processed_at)",
              "CREATE TABLE processed_generations_all PARTITION OF processed_generations"
                  + " FOR VALUES FROM (MINVALUE) TO (MAXVALUE)"
            });
    List<String> before = database.tableNames();

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations is a partitioned table, not a plain table");
    assertThat(database.tableNames()).isEqualTo(before);
  }

  @Test
  void aParentWithInheritanceChildrenIsRefused() {
    JdbcTestDatabase database =
        database(
            new String[] {
              PostgresTestDatabase.PROCESSED_GENERATIONS_DDL[0],
              "CREATE TABLE processed_generations_2025 () INHERITS (processed_generations)"
            });
    List<String> before = database.tableNames();

    assertThatThrownBy(() -> database.schema().verifyTargetTable())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("inheritance children");
    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class);
    assertThat(database.tableNames()).isEqualTo(before);
  }

  @Test
  void anotherTargetTableCanBeNamedAndGetsItsOwnLock() {
    PostgresTestDatabase database =
        (PostgresTestDatabase)
            database(
                new String[] {
                  PostgresTestDatabase.PROCESSED_GENERATIONS_DDL[0].replace(
                      "processed_generations", "generations_v2")
                });
    var ports =
        PostgresRetention.create(
            database.dataSource,
            PostgresSettings.defaults().withTable(TableName.of("generations_v2")));

    assertThat(ports.schema().migrate()).isGreaterThanOrEqualTo(3);
    assertThat(ports.store().countRecords()).isZero();
    try (var lease = ports.lock().tryAcquire("run-v2").orElseThrow()) {
      Optional<CleanupLock.Lease> other = database.lock().tryAcquire("run-default");
      assertThat(other).as("the default table's lock is another lock").isPresent();
      other.get().close();
      assertThat(ports.lock().tryAcquire("run-v2-again")).isEmpty();
    }
  }

  private static long indexesLeadingWith(JdbcTestDatabase database, String column) {
    return database.queryForLong(
        "SELECT count(*) FROM pg_index i"
            + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
            + " WHERE i.indrelid = 'processed_generation_cleanup_log'::regclass"
            + " AND a.attname = '"
            + column
            + "'");
  }
}
