package ai.mai.retention.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.mai.retention.adapter.jdbc.FlywaySchemaMigrator;
import ai.mai.retention.adapter.jdbc.TableName;
import ai.mai.retention.core.contract.JdbcTestDatabase;
import ai.mai.retention.core.contract.RetentionSchemaContract;
import ai.mai.retention.core.port.out.SchemaProblemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The schema contract on SQLite files, and what only SQLite has: files, rowids, views. */
class SqliteSchemaMigrationTest extends RetentionSchemaContract {

  @TempDir Path directory;

  @Override
  protected JdbcTestDatabase unmigrated(String... ddl) {
    return SqliteTestDatabase.unmigrated(directory, ddl);
  }

  @Override
  protected String[] processedGenerationsDdl() {
    return SqliteTestDatabase.PROCESSED_GENERATIONS_DDL;
  }

  @Override
  protected String[] legacyCleanupLogDdl() {
    return SqliteTestDatabase.LEGACY_CLEANUP_LOG_DDL;
  }

  @Override
  protected String[] timestampTypedProcessedAtDdl() {
    return new String[] {
      "CREATE TABLE processed_generations (id TEXT PRIMARY KEY, client_org_id TEXT NOT NULL,"
          + " processed_at TEXT NOT NULL, total_cost FLOAT NOT NULL,"
          + " total_tokens INTEGER NOT NULL)"
    };
  }

  @Override
  protected int migrationCount() {
    return versionedMigrationsIn("db/retention/sqlite");
  }

  @Override
  protected List<String> libraryTables() {
    return List.of(FlywaySchemaMigrator.HISTORY_TABLE, "retention_run", "retention_lock");
  }

  /**
   * SQLite keeps text where the Python service's DATE, INTEGER or BOOLEAN columns are declared.
   * Such a row is named, with its column and value, instead of failing with a driver's message.
   */
  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "cleanup_date    | 'yesterday' | 'yesterday' | a date",
        "records_deleted | 'many'      | 'many'      | a whole number",
        "days_retained   | 90.5        | 90.5        | a whole number",
        "success         | 'maybe'     | 'maybe'     | a boolean",
        "created_at      | 'soon'      | 'soon'      | a whole number"
      },
      quoteCharacter = '"')
  void aLegacyRowHoldingTextWhereItsColumnSaysOtherwiseIsNamed(
      String column, String literal, String shown, String expected) {
    JdbcTestDatabase database = legacyDatabase();
    database.schema().migrate();
    database.run(
        "INSERT INTO processed_generation_cleanup_log (cleanup_date, success, created_at)"
            + " VALUES ('2026-05-05', 1, 1777939200)",
        "UPDATE processed_generation_cleanup_log SET "
            + column
            + " = "
            + literal
            + " WHERE id = (SELECT max(id) FROM processed_generation_cleanup_log)");
    long id = database.queryForLong("SELECT max(id) FROM processed_generation_cleanup_log");

    assertThatThrownBy(() -> database.journal().recentRuns(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("row id=" + id)
        .hasMessageContaining(column + " holds " + shown)
        .hasMessageContaining(expected);
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
  void anotherTargetTableCanBeNamed() {
    String ddl =
        SqliteTestDatabase.PROCESSED_GENERATIONS_DDL[0].replace(
            "processed_generations", "generations_v2");
    String url = SqliteTestDatabase.createFile(directory, ddl);
    var ports =
        SqliteRetention.create(
            SqliteDataSources.forCleanup(url),
            SqliteSettings.defaults().withTable(TableName.of("generations_v2")));

    assertThat(ports.schema().migrate()).isEqualTo(migrationCount());
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
}
