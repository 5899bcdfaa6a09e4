package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.domain.JournalEntry;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSchemaMigrationTest {

  @TempDir Path directory;

  /** Rows as the Python service wrote them: text dates, 1/0 success, no run id. */
  private static final String[] LEGACY_ROWS = {
    "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
        + " records_before, records_deleted, records_remaining, old_tokens_removed,"
        + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
        + " error_message, created_at) VALUES ('2026-05-01', '2026-01-31', 90, 14, 8, 6, 330,"
        + " 0.004, 0.78, 0.0003, 1, NULL, 1777593600)",
    "INSERT INTO processed_generation_cleanup_log (cleanup_date, cutoff_date, days_retained,"
        + " records_before, records_deleted, records_remaining, old_tokens_removed,"
        + " old_cost_removed, storage_saved_kb, cleanup_duration_seconds, success,"
        + " error_message, created_at) VALUES ('2026-05-02', '2026-02-01', 90, 6, 0, 6, 0,"
        + " 0, 0, 0.0001, 0, 'database is locked', 1777680000)",
    "INSERT INTO processed_generation_cleanup_log (cleanup_date, success, created_at)"
        + " VALUES ('2026-05-03', 1, 1777766400)"
  };

  private SqliteTestDatabase legacyDatabase() {
    List<String> ddl = new ArrayList<>(List.of(SqliteTestDatabase.PROCESSED_GENERATIONS_DDL));
    ddl.addAll(List.of(SqliteTestDatabase.LEGACY_CLEANUP_LOG_DDL));
    ddl.addAll(List.of(LEGACY_ROWS));
    return SqliteTestDatabase.unmigrated(directory, ddl.toArray(String[]::new));
  }

  @Test
  void migrationAdoptsTheLegacyAuditTableWithEveryRowAndValue() {
    SqliteTestDatabase database = legacyDatabase();
    List<Map<String, Object>> before = auditRows(database);
    assertThat(before).hasSize(3);

    assertThat(database.schema().migrate()).isEqualTo(3);

    List<Map<String, Object>> after = auditRows(database);
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
    assertThat(database.schema().migrate()).as("a second migrate applies nothing").isZero();
    database.schema().verify();
  }

  @Test
  void legacyRowsAreReadableAsJournalEntries() {
    SqliteTestDatabase database = legacyDatabase();
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
    assertThat(oldest.status()).isNull();
    JournalEntry sparse = recent.get(0);
    assertThat(sparse.recordsDeleted()).isNull();
    assertThat(sparse.costRemoved()).isNull();
    assertThat(database.journal().lastFailedRun())
        .map(JournalEntry::errorMessage)
        .hasValue("database is locked");
  }

  @Test
  void aFreshDatabaseGetsTheLibraryTablesAndVerifiesOnlyAfterMigrating() {
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(directory, SqliteTestDatabase.PROCESSED_GENERATIONS_DDL);

    assertThatThrownBy(() -> database.schema().verify())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("migrate");
    database.schema().verifyTargetTable();

    assertThat(database.schema().migrate()).isEqualTo(3);
    assertThat(database.tableNames())
        .contains(
            "processed_generation_cleanup_log",
            "retention_run",
            "retention_lock",
            FlywaySchemaMigrator.HISTORY_TABLE);
    database.schema().verify();
    assertThat(database.schema().migrate()).isZero();
  }

  @Test
  void aDatabaseWithoutTheTargetTableIsRefusedAndLeftUntouched() {
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(directory, "CREATE TABLE chat (id TEXT PRIMARY KEY)");

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations")
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> database.schema().verify())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations");
    assertThat(database.tableNames()).containsExactly("chat");
  }

  @Test
  void aTableNamedAlikeButNotEqualDoesNotCount() {
    // '_' is a wildcard in metadata patterns: processedXgenerations must not pass for it.
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(
            directory,
            SqliteTestDatabase.PROCESSED_GENERATIONS_DDL[0].replace(
                "processed_generations", "processedXgenerations"));

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aWithoutRowidTableIsRefusedNamingWhy() {
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(
            directory, SqliteTestDatabase.PROCESSED_GENERATIONS_DDL[0] + " WITHOUT ROWID");

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("WITHOUT ROWID");
    assertThatThrownBy(() -> database.schema().verifyTargetTable())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("rowid");
    assertThat(database.tableNames()).containsExactly("processed_generations");
  }

  @Test
  void aViewOfThatNameIsRefusedAsAView() {
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(
            directory,
            SqliteTestDatabase.PROCESSED_GENERATIONS_DDL[0].replace(
                "processed_generations", "generations_2026"),
            "CREATE VIEW processed_generations AS SELECT * FROM generations_2026");

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_generations is a view, not a plain table");
    assertThat(database.tableNames()).containsExactly("generations_2026");
  }

  @Test
  void aMissingColumnIsNamed() {
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(
            directory,
            "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
                + " processed_at BIGINT NOT NULL, total_cost FLOAT NOT NULL)");

    assertThatThrownBy(() -> database.schema().migrate())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("total_tokens");
    assertThat(database.tableNames()).containsExactly("processed_generations");
  }

  @Test
  void aWronglyTypedColumnIsNamed() {
    SqliteTestDatabase database =
        SqliteTestDatabase.unmigrated(
            directory,
            "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
                + " processed_at TEXT NOT NULL, total_cost FLOAT NOT NULL,"
                + " total_tokens INTEGER NOT NULL)");

    assertThatThrownBy(() -> database.schema().verifyTargetTable())
        .isInstanceOf(SchemaProblemException.class)
        .hasMessageContaining("processed_at")
        .hasMessageContaining("TEXT");
  }

  @Test
  void anotherTargetTableCanBeNamed() {
    String ddl =
        SqliteTestDatabase.PROCESSED_GENERATIONS_DDL[0].replace(
            "processed_generations", "generations_v2");
    String url = SqliteTestDatabase.createFile(directory, ddl);
    var ports =
        SqliteRetention.create(
            SqliteDataSources.forCleanup(url),
            SqliteSettings.defaults().withTable(TableName.of("generations_v2")));

    assertThat(ports.schema().migrate()).isEqualTo(3);
    assertThat(ports.store().countRecords()).isZero();
  }

  @Test
  void aBadTableNameIsRejectedNamingIt() {
    assertThatThrownBy(() -> TableName.of("processed_generations; DROP TABLE chat"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'processed_generations; DROP TABLE chat'");
  }

  @Test
  void aMissingDatabaseFileIsAnErrorAndIsNotCreated() {
    Path missing = directory.resolve("nope").resolve("webui.db");
    Path missingHere = directory.resolve("webui.db");

    assertThatThrownBy(() -> SqliteDataSources.forCleanup("jdbc:sqlite:" + missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SqliteDataSources.forChecks("jdbc:sqlite:file:" + missingHere))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SqliteDataSources.forCleanup("jdbc:sqlite::memory:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in-memory");
    assertThat(missingHere).doesNotExist();
    assertThat(missing.getParent()).doesNotExist();
  }

  @Test
  void aDatabaseFileRemovedAfterTheDataSourceWasMadeIsNotRecreated() throws Exception {
    String url =
        SqliteTestDatabase.createFile(directory, SqliteTestDatabase.PROCESSED_GENERATIONS_DDL);
    var dataSource = SqliteDataSources.forChecks(url);
    Path file = directory.resolve("webui.db");
    Files.delete(file);
    Files.deleteIfExists(directory.resolve("webui.db-wal"));
    Files.deleteIfExists(directory.resolve("webui.db-shm"));

    assertThatThrownBy(dataSource::getConnection).isInstanceOf(java.sql.SQLException.class);
    assertThat(file).doesNotExist();
  }

  private static List<Map<String, Object>> auditRows(SqliteTestDatabase database) {
    return database.execute(
        connection -> {
          List<Map<String, Object>> rows = new ArrayList<>();
          try (Statement statement = connection.createStatement();
              ResultSet rs =
                  statement.executeQuery(
                      "SELECT * FROM processed_generation_cleanup_log ORDER BY id")) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
              Map<String, Object> row = new LinkedHashMap<>();
              for (int column = 1; column <= meta.getColumnCount(); column++) {
                row.put(meta.getColumnName(column), rs.getObject(column));
              }
              rows.add(row);
            }
          }
          return rows;
        });
  }
}
