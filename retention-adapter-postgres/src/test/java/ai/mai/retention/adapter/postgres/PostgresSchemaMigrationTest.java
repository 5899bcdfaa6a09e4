package ai.mai.retention.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.CleanupLock;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Migrations on databases as clients have them: the Python service's audit table with its rows,
 * next to the host's own tables and its own migration history, in a schema the library shares.
 */
class PostgresSchemaMigrationTest {

  /** The host application's tables (Open WebUI keeps many more) and its own migration history. */
  private static final String[] HOST_TABLES = {
    "CREATE TABLE chat (id TEXT PRIMARY KEY, user_id TEXT NOT NULL, title TEXT)",
    "INSERT INTO chat VALUES ('c1', 'u1', 'hello'), ('c2', 'u2', 'world')",
    "CREATE TABLE flyway_schema_history (installed_rank INT PRIMARY KEY, version TEXT)",
    "INSERT INTO flyway_schema_history VALUES (1, '1'), (2, '2')",
    "CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)",
    "INSERT INTO alembic_version VALUES ('ca81bd47c050')"
  };

  /** Rows as the Python service wrote them: DATE, BOOLEAN, no run id. */
  private static final String[] LEGACY_ROWS = {
    "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
        + " records_before, records_deleted, records_remaining, old_tokens_removed,"
        + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
        + " error_message, created_at) VALUES ('2026-05-01', '2026-01-31', 90, 14, 8, 6, 330,"
        + " 0.004, 0.78, 0.0003, true, NULL, 1777593600)",
    "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
        + " records_before, records_deleted, records_remaining, old_tokens_removed,"
        + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
        + " error_message, created_at) VALUES ('2026-05-02', '2026-02-01', 90, 6, 0, 6, 0,"
        + " 0, 0, 0.0001, false, 'could not obtain lock', 1777680000)",
    "INSERT INTO processed_generation_cleanup_log (cleanup_date, success, created_at)"
        + " VALUES ('2026-05-03', true, 1777766400)"
  };

  private final List<PostgresTestDatabase> opened = new ArrayList<>();

  @AfterEach
  void dropDatabases() {
    opened.forEach(PostgresTestDatabase::close);
  }

  private PostgresTestDatabase unmigrated(String[]... ddl) {
    List<String> all = new ArrayList<>();
    for (String[] part : ddl) {
      all.addAll(List.of(part));
    }
    PostgresTestDatabase database = PostgresTestDatabase.unmigrated(all.toArray(String[]::new));
    opened.add(database);
    return database;
  }

  private PostgresTestDatabase legacyDatabase() {
    return unmigrated(
        HOST_TABLES,
        PostgresTestDatabase.PROCESSED_GENERATIONS_DDL,
        PostgresTestDatabase.LEGACY_CLEANUP_LOG_DDL,
        LEGACY_ROWS);
  }

  @Test
  void migrationAdoptsTheLegacyAuditTableWithEveryRowAndValueAndLeavesTheHostAlone() {
    PostgresTestDatabase database = legacyDatabase();
    List<Map<String, Object>> before = rows(database, "processed_generation_cleanup_log");
    List<Map<String, Object>> hostHistory = rows(database, "flyway_schema_history");
    assertThat(before).hasSize(3);

    int applied = database.schema().migrate();

    assertThat(applied).isGreaterThanOrEqualTo(3);
    List<Map<String, Object>> after = rows(database, "processed_generation_cleanup_log");
    assertThat(after).hasSize(3);
    for (int i = 0; i < before.size(); i++) {
      Map<String, Object> legacyPart = new LinkedHashMap<>(after.get(i));
      legacyPart.keySet().retainAll(before.get(i).keySet());
      assertThat(legacyPart).isEqualTo(before.get(i));
      assertThat(after.get(i))
          .containsEntry("run_id", null)
          .containsEntry("trigger", null)
          .containsEntry("status", null)
          .containsEntry("organization_breakdown", null);
    }
    assertThat(rows(database, "flyway_schema_history")).isEqualTo(hostHistory);
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
    assertThat(database.schema().migrate()).as("a second migrate applies nothing").isZero();
    database.schema().verify();
  }

  @Test
  void theLegacyIndexesAreReusedNotDuplicated() {
    PostgresTestDatabase database = legacyDatabase();

    database.schema().migrate();

    assertThat(indexesLeadingWith(database, "cleanup_date")).isEqualTo(1);
    assertThat(indexesLeadingWith(database, "success")).isEqualTo(1);
    assertThat(indexesLeadingWith(database, "created_at")).isEqualTo(1);
  }

  @Test
  void theSerialIdKeepsCountingAfterTheLegacyRows() {
    PostgresTestDatabase database = legacyDatabase();
    database.schema().migrate();
    var run =
        PostgresTimeZoneTest.report(
            "run-after-legacy", Instant.parse("2026-06-01T12:00:00Z"), "0.5");

    database.journal().recordStart(run);
    database.journal().recordFinish(run);

    JournalEntry newest = database.journal().recentRuns(1).get(0);
    assertThat(newest.runId()).isEqualTo("run-after-legacy");
    assertThat(newest.id()).isEqualTo(4);
    assertThat(database.auditRowCount()).isEqualTo(4);
  }

  @Test
  void legacyRowsAreReadableAsJournalEntries() {
    PostgresTestDatabase database = legacyDatabase();
    database.schema().migrate();

    List<JournalEntry> recent = database.journal().recentRuns(10);

    assertThat(recent)
        .extracting(JournalEntry::cleanupDate)
        .containsExactly(
            LocalDate.parse("2026-05-03"),
            LocalDate.parse("2026-05-02"),
            LocalDate.parse("2026-05-01"));
    JournalEntry oldest = recent.get(2);
    assertThat(oldest.success()).isTrue();
    assertThat(oldest.cutoffDate()).isEqualTo(LocalDate.parse("2026-01-31"));
    assertThat(oldest.daysRetained()).isEqualTo(90);
    assertThat(oldest.recordsDeleted()).isEqualTo(8L);
    assertThat(oldest.tokensRemoved()).isEqualTo(330L);
    assertThat(oldest.costRemoved()).isEqualByComparingTo("0.004");
    assertThat(oldest.storageSavedKb()).isEqualTo(0.78);
    assertThat(oldest.createdAt()).isEqualTo(Instant.ofEpochSecond(1777593600));
    assertThat(oldest.runId()).isNull();
    JournalEntry sparse = recent.get(0);
    assertThat(sparse.recordsDeleted()).isNull();
    assertThat(sparse.costRemoved()).isNull();
    assertThat(database.journal().lastFailedRun())
        .map(JournalEntry::errorMessage)
        .hasValue("could not obtain lock");
  }

  @Test
  void aDatabaseWithoutTheAuditTableGetsOneAndVerifiesOnlyAfterMigrating() {
    PostgresTestDatabase database =
        unmigrated(HOST_TABLES, PostgresTestDatabase.PROCESSED_GENERATIONS_DDL);

    assertThatThrownBy(() -> database.schema().verify())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("migrate");
    database.schema().verifyTargetTable();

    assertThat(database.schema().migrate()).isGreaterThanOrEqualTo(3);

    assertThat(database.tableNames())
        .contains(
            "processed_generation_cleanup_log",
            "retention_run",
            FlywaySchemaMigrator.HISTORY_TABLE);
    assertThat(
            database.queryForLong(
                "SELECT count(*) FROM information_schema.columns"
                    + " WHERE table_name = 'processed_generation_cleanup_log'"
                    + " AND ((column_name = 'success' AND data_type = 'boolean')"
                    + " OR (column_name = 'cleanup_date' AND data_type = 'date')"
                    + " OR (column_name = 'created_at' AND data_type = 'bigint'))"))
        .isEqualTo(3);
    database.schema().verify();
    assertThat(database.schema().migrate()).isZero();
  }

  @Test
  void aDatabaseWithoutTheTargetTableIsRefusedAndLeftUntouched() {
    PostgresTestDatabase database = unmigrated(HOST_TABLES);
    List<String> before = database.tableNames();

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> database.schema().verify())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations");

    assertThat(database.tableNames()).isEqualTo(before);
    assertThat(database.tableNames()).doesNotContain("processed_generations");
  }

  @Test
  void aPartitionedTableIsRefusedAsSuchNotAsMissing() {
    PostgresTestDatabase database =
        unmigrated(
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
    PostgresTestDatabase database =
        unmigrated(
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
  void aWronglyTypedColumnIsNamed() {
    PostgresTestDatabase database =
        unmigrated(
            new String[] {
              "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT"
                  + " NULL, processed_at TIMESTAMPTZ NOT NULL, total_cost FLOAT NOT NULL,"
                  + " total_tokens INTEGER NOT NULL)"
            });

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_at")
        .hasMessageContaining("timestamptz");
    assertThat(database.tableNames()).containsExactly("processed_generations");
  }

  @Test
  void anotherTargetTableCanBeNamedAndGetsItsOwnLock() {
    PostgresTestDatabase database =
        unmigrated(
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

  private static long indexesLeadingWith(PostgresTestDatabase database, String column) {
    return database.queryForLong(
        "SELECT count(*) FROM pg_index i"
            + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]"
            + " WHERE i.indrelid = 'processed_generation_cleanup_log'::regclass"
            + " AND a.attname = '"
            + column
            + "'");
  }

  private static List<Map<String, Object>> rows(PostgresTestDatabase database, String table) {
    return database.execute(
        connection -> {
          List<Map<String, Object>> rows = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
              Map<String, Object> row = new LinkedHashMap<>();
              for (int column = 1; column <= meta.getColumnCount(); column++) {
                Object value = rs.getObject(column);
                // Compare dates as the text PostgreSQL holds, not as zone-dependent java.sql.Date.
                row.put(
                    meta.getColumnName(column),
                    value instanceof java.sql.Date ? rs.getString(column) : value);
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }
}
